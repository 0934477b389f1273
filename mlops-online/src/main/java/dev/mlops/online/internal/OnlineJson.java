package dev.mlops.online.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.online.OnlineSchema;
import dev.mlops.online.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON parts of online artifacts: schemas and optimisers. Numbers round-trip exactly. */
public final class OnlineJson {

    /** The shared mapper. */
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private OnlineJson() {
    }

    /** A new empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text, naming {@code what} on failure. */
    public static JsonNode parse(String json, BinaryIn in) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw in.fail("its header is not JSON: " + e.getMessage());
        }
    }

    /** Writes a node as compact text. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** {@code {labelColumn, labels, positiveClass|null, numeric, categorical, hashBuckets, hashSeed, standardize}}. */
    public static ObjectNode schema(OnlineSchema schema) {
        ObjectNode node = object();
        node.put("labelColumn", schema.labelColumn());
        strings(node.putArray("labels"), schema.labels());
        if (schema.positiveClass().isPresent()) {
            node.put("positiveClass", schema.positiveClass().get());
        } else {
            node.putNull("positiveClass");
        }
        strings(node.putArray("numeric"), schema.numeric());
        strings(node.putArray("categorical"), schema.categorical());
        node.put("hashBuckets", schema.hashBuckets());
        node.put("hashSeed", schema.hashSeed());
        node.put("standardize", schema.standardize());
        return node;
    }

    /** Reads {@link #schema(OnlineSchema)}'s output. */
    public static OnlineSchema schema(JsonNode node, BinaryIn in) {
        try {
            JsonNode positive = required(node, "positiveClass", in);
            return new OnlineSchema(required(node, "labelColumn", in).asText(), strings(required(node, "labels", in)),
                    positive.isNull() ? Optional.empty() : Optional.of(positive.asText()),
                    strings(required(node, "numeric", in)), strings(required(node, "categorical", in)),
                    required(node, "hashBuckets", in).asInt(), required(node, "hashSeed", in).asLong(),
                    required(node, "standardize", in).asBoolean());
        } catch (IllegalArgumentException e) {
            throw in.fail("its schema is invalid: " + e.getMessage());
        }
    }

    /** {@code {name, ...settings as numbers}}. */
    public static ObjectNode optimizer(Optimizer optimizer) {
        ObjectNode node = object();
        node.put("name", optimizer.name());
        if (optimizer instanceof Optimizer.Ftrl f) {
            node.put("alpha", f.alpha()).put("beta", f.beta()).put("l1", f.l1()).put("l2", f.l2());
        } else if (optimizer instanceof Optimizer.AdaGrad a) {
            node.put("learningRate", a.learningRate()).put("epsilon", a.epsilon()).put("l2", a.l2());
        }
        return node;
    }

    /** Reads {@link #optimizer(Optimizer)}'s output. */
    public static Optimizer optimizer(JsonNode node, BinaryIn in) {
        try {
            String name = required(node, "name", in).asText();
            return switch (name) {
                case "ftrl" -> Optimizer.ftrl(required(node, "alpha", in).asDouble(), required(node, "beta", in).asDouble(),
                        required(node, "l1", in).asDouble(), required(node, "l2", in).asDouble());
                case "adagrad" -> Optimizer.adaGrad(required(node, "learningRate", in).asDouble(),
                        required(node, "epsilon", in).asDouble(), required(node, "l2", in).asDouble());
                default -> throw in.fail("unknown optimiser '" + name + "'");
            };
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("not a valid") ? e : in.fail("its optimiser is invalid: " + e.getMessage());
        }
    }

    /** A member that must be there. */
    public static JsonNode required(JsonNode node, String field, BinaryIn in) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw in.fail("its header lacks '" + field + "'");
        }
        return value;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
