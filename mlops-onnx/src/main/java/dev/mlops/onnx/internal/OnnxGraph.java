package dev.mlops.onnx.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes of an ONNX model's main graph with their attributes, read from the model's protobuf
 * bytes in plain Java: what ONNX Runtime does not tell (a classifier's class labels, a tree
 * ensemble's trees). Reading first also means bytes that are no ONNX model are refused with a
 * message before native code parses them. Subgraphs, initializers and tensors are skipped.
 *
 * @param nodes the main graph's nodes, in order
 * @param outputs the names of the main graph's outputs, in order
 */
public record OnnxGraph(List<Node> nodes, List<String> outputs) {

    public OnnxGraph {
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
    }

    /**
     * One node.
     *
     * @param opType the operator, such as {@code TreeEnsembleClassifier}
     * @param domain the operator set's domain, empty for the default one ({@code ai.onnx.ml} for classic ML operators)
     * @param inputs the names of its inputs
     * @param outputs the names of its outputs
     * @param attributes its attributes by name
     */
    public record Node(String opType, String domain, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes) {

        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = Map.copyOf(attributes);
        }

        /** An attribute, if the node has it. */
        public Optional<Attribute> attribute(String name) {
            return Optional.ofNullable(attributes.get(name));
        }
    }

    /**
     * An attribute's values: a scalar attribute ({@code i}, {@code f}, {@code s}) as a list of one,
     * a list attribute ({@code ints}, {@code floats}, {@code strings}) as it is; the lists of other
     * kinds are empty.
     *
     * @param name the attribute's name
     * @param ints its integers
     * @param floats its floats (ONNX attributes are 32-bit floats; widened exactly)
     * @param strings its strings, read as UTF-8
     */
    public record Attribute(String name, long[] ints, double[] floats, List<String> strings) {

        public Attribute {
            ints = ints.clone();
            floats = floats.clone();
            strings = List.copyOf(strings);
        }

        @Override
        public long[] ints() {
            return ints.clone();
        }

        @Override
        public double[] floats() {
            return floats.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Attribute a && name.equals(a.name) && Arrays.equals(ints, a.ints)
                    && Arrays.equals(floats, a.floats) && strings.equals(a.strings);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(ints) + Arrays.hashCode(floats) + strings.hashCode();
        }

        @Override
        public String toString() {
            return name + "=" + (ints.length > 0 ? Arrays.toString(ints)
                    : floats.length > 0 ? Arrays.toString(floats) : strings.toString());
        }
    }

    /** The nodes of an operator in a domain, in graph order. */
    public List<Node> nodes(String domain, String opType) {
        return nodes.stream().filter(n -> n.domain().equals(domain) && n.opType().equals(opType)).toList();
    }

    /** The node that computes an output, if one does. */
    public Optional<Node> producer(String output) {
        return nodes.stream().filter(n -> n.outputs().contains(output)).findFirst();
    }

    // field numbers of onnx.proto
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_OUTPUT = 12;
    private static final int VALUE_INFO_NAME = 1;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_S = 4;
    private static final int ATTRIBUTE_FLOATS = 7;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_STRINGS = 9;

    /**
     * Reads the main graph of a serialized {@code ModelProto}.
     *
     * @throws IllegalArgumentException when the bytes are not a protobuf message, are cut short, or
     *     hold no graph with nodes
     */
    public static OnnxGraph read(byte[] model) {
        List<Node> nodes = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        boolean graph = false;
        try {
            Reader reader = new Reader(model, 0, model.length);
            while (reader.more()) {
                int tag = reader.tag();
                if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == Reader.LENGTH_DELIMITED) {
                    graph = true;
                    Reader g = reader.message();
                    while (g.more()) {
                        int field = g.tag();
                        if (field >>> 3 == GRAPH_NODE && (field & 7) == Reader.LENGTH_DELIMITED) {
                            nodes.add(node(g.message()));
                        } else if (field >>> 3 == GRAPH_OUTPUT && (field & 7) == Reader.LENGTH_DELIMITED) {
                            Reader output = g.message();
                            while (output.more()) {
                                int t = output.tag();
                                if (t >>> 3 == VALUE_INFO_NAME) {
                                    outputs.add(output.string(t));
                                } else {
                                    output.skip(t);
                                }
                            }
                        } else {
                            g.skip(field);
                        }
                    }
                } else {
                    reader.skip(tag);
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not an ONNX model: the bytes end inside a protobuf field"
                    + " (a truncated file?)", e);
        }
        if (!graph || nodes.isEmpty()) {
            throw new IllegalArgumentException("not an ONNX model: no graph with nodes in " + model.length + " bytes");
        }
        return new OnnxGraph(nodes, outputs);
    }

    /**
     * The model with more outputs of its main graph: float tensors the graph computes anyway, such as
     * the probabilities a ZipMap turns into maps, which ONNX Runtime hands over only as outputs.
     *
     * @param model a model {@link #read} accepted
     * @param names the values to add as outputs, each a float tensor
     */
    public static byte[] withFloatOutputs(byte[] model, List<String> names) {
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        for (String name : names) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream info = new ByteArrayOutputStream();
            info.write(VALUE_INFO_NAME << 3 | Reader.LENGTH_DELIMITED);
            varint(info, utf8.length);
            info.writeBytes(utf8);
            // type: TypeProto { tensor_type { elem_type: FLOAT } }, the shape left to inference
            info.writeBytes(new byte[] {0x12, 0x04, 0x0a, 0x02, 0x08, 0x01});
            extra.write(GRAPH_OUTPUT << 3 | Reader.LENGTH_DELIMITED);
            varint(extra, info.size());
            extra.writeBytes(info.toByteArray());
        }
        Reader reader = new Reader(model, 0, model.length);
        while (reader.more()) {
            int start = reader.pos;
            int tag = reader.tag();
            if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == Reader.LENGTH_DELIMITED) {
                Reader graph = reader.message();
                ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + extra.size() + 8);
                out.write(model, 0, start);
                varint(out, tag);
                varint(out, graph.end - graph.pos + extra.size());
                out.write(model, graph.pos, graph.end - graph.pos);
                out.writeBytes(extra.toByteArray());
                out.write(model, graph.end, model.length - graph.end);
                return out.toByteArray();
            }
            reader.skip(tag);
        }
        throw new IllegalArgumentException("not an ONNX model: no graph");
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static Node node(Reader r) {
        String opType = "";
        String domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case NODE_INPUT -> inputs.add(r.string(tag));
                case NODE_OUTPUT -> outputs.add(r.string(tag));
                case NODE_OP_TYPE -> opType = r.string(tag);
                case NODE_DOMAIN -> domain = r.string(tag);
                case NODE_ATTRIBUTE -> {
                    Attribute a = attribute(r.message(tag));
                    attributes.put(a.name(), a);
                }
                default -> r.skip(tag);
            }
        }
        return new Node(opType, domain, inputs, outputs, attributes);
    }

    private static Attribute attribute(Reader r) {
        String name = "";
        LongList ints = new LongList();
        List<Double> floats = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        while (r.more()) {
            int tag = r.tag();
            int wire = tag & 7;
            switch (tag >>> 3) {
                case ATTRIBUTE_NAME -> name = r.string(tag);
                case ATTRIBUTE_F, ATTRIBUTE_FLOATS -> {
                    if (wire == Reader.LENGTH_DELIMITED) {  // packed
                        Reader packed = r.message();
                        while (packed.more()) {
                            floats.add((double) packed.float32());
                        }
                    } else {
                        r.expect(tag, Reader.FIXED32);
                        floats.add((double) r.float32());
                    }
                }
                case ATTRIBUTE_I, ATTRIBUTE_INTS -> {
                    if (wire == Reader.LENGTH_DELIMITED) {
                        Reader packed = r.message();
                        while (packed.more()) {
                            ints.add(packed.varint());
                        }
                    } else {
                        r.expect(tag, Reader.VARINT);
                        ints.add(r.varint());
                    }
                }
                case ATTRIBUTE_S, ATTRIBUTE_STRINGS -> strings.add(r.string(tag));
                default -> r.skip(tag);
            }
        }
        return new Attribute(name, ints.toArray(), floats.stream().mapToDouble(Double::doubleValue).toArray(), strings);
    }

    /** A growable {@code long[]}: tree ensembles have attributes of many thousand integers. */
    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** The protobuf wire format over a slice of bytes; reading past the slice throws IndexOutOfBoundsException. */
    private static final class Reader {
        static final int VARINT = 0;
        static final int FIXED64 = 1;
        static final int LENGTH_DELIMITED = 2;
        static final int FIXED32 = 5;

        private final byte[] bytes;
        private int pos;
        private final int end;

        Reader(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        int tag() {
            long tag = varint();
            if (tag >>> 3 == 0 || tag >>> 32 != 0) {
                throw new IllegalArgumentException("not an ONNX model: invalid protobuf field tag " + tag
                        + " at byte " + pos);
            }
            return (int) tag;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("not an ONNX model: a protobuf varint longer than 10 bytes at byte " + pos);
        }

        float float32() {
            int bits = (next() & 0xff) | (next() & 0xff) << 8 | (next() & 0xff) << 16 | (next() & 0xff) << 24;
            return Float.intBitsToFloat(bits);
        }

        Reader message() {
            long length = varint();
            if (length < 0 || length > end - pos) {
                throw new IndexOutOfBoundsException("length " + length + " at byte " + pos);
            }
            Reader inner = new Reader(bytes, pos, pos + (int) length);
            pos += (int) length;
            return inner;
        }

        Reader message(int tag) {
            expect(tag, LENGTH_DELIMITED);
            return message();
        }

        String string(int tag) {
            Reader r = message(tag);
            return new String(bytes, r.pos, r.end - r.pos, StandardCharsets.UTF_8);
        }

        void expect(int tag, int wire) {
            if ((tag & 7) != wire) {
                throw new IllegalArgumentException("not an ONNX model: field " + (tag >>> 3) + " has wire type "
                        + (tag & 7) + ", expected " + wire);
            }
        }

        void skip(int tag) {
            switch (tag & 7) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> message();
                case FIXED32 -> advance(4);
                default -> throw new IllegalArgumentException("not an ONNX model: protobuf wire type " + (tag & 7)
                        + " at byte " + pos);
            }
        }

        private void advance(int n) {
            if (n > end - pos) {
                throw new IndexOutOfBoundsException("byte " + (pos + n));
            }
            pos += n;
        }

        private byte next() {
            if (pos >= end) {
                throw new IndexOutOfBoundsException("byte " + pos);
            }
            return bytes[pos++];
        }
    }
}
