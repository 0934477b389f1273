package dev.mlops.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.mlops.MlopsConfigurationException;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.Numbers;
import dev.mlops.model.Classifier;
import dev.mlops.model.Contributions;
import dev.mlops.model.Labels;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import dev.mlops.model.TreeEnsemble;
import dev.mlops.onnx.internal.OnnxGraph;
import dev.mlops.onnx.internal.OnnxTrees;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An ONNX classifier (exported from scikit-learn, XGBoost, LightGBM, PyTorch, ...) run by ONNX
 * Runtime, as a {@link Classifier}: the validator, router and monitors use it like any other.
 *
 * <p>Its feature columns are its graph's named inputs, one column per input ({@code [N,1]} or
 * {@code [N]} tensors: {@code string} inputs read categorical columns, {@code float}, {@code double}
 * and {@code int64} inputs numeric ones); or, for a model with a single {@code [N,F]} input, the F
 * names in the metadata property {@code feature_names} (comma-separated). Its labels are those in the
 * metadata property {@code labels} (comma-separated, in the order of the probability output's
 * columns), else the class labels of the graph's classifier ({@code ZipMap}, {@code
 * LinearClassifier}, {@code TreeEnsembleClassifier}, ...). The positive class of a binary model is
 * the metadata property {@code positive_class}, else the label that sorts last. Probabilities are read
 * from the first output that is a {@code [N,labels]} float or double tensor or a ZipMap (a sequence
 * of label → probability maps), as scikit-learn's converters write them either way; a ZipMap through
 * the tensor it is made of, which the session is asked for as an extra output (reading the maps one by
 * one through ONNX Runtime's Java API costs several times what the model does).
 *
 * <p>One ONNX Runtime session serves every thread (its {@code run} is thread-safe); a table is
 * predicted in batches of {@value #BATCH_ROWS} rows, one session call each. {@link #close()} releases
 * the session after the predictions in progress; the registry closes a model its cache evicts, so
 * load it from the registry for each use (a cache hit) rather than keeping it.
 */
public final class OnnxClassifier implements Classifier, AutoCloseable {

    private static final String ML = "ai.onnx.ml";

    /** Rows per session call when predicting a table. */
    public static final int BATCH_ROWS = 1024;

    private final OrtSession session;
    private final OnnxGraph graph;
    private final List<Input> inputs;
    private final Map<String, FeatureType> featureColumns;
    private final List<String> labels;
    private final Optional<String> positiveClass;
    /** The float tensor of probabilities: an output, or what a ZipMap output is made of. */
    private final String output;
    /** Probability column → index in {@link #labels}. */
    private final int[] columnLabel;
    private final Optional<TreeEnsemble> trees;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * One graph input and the feature columns it reads.
     *
     * @param rank 1 for {@code [N]}, 2 for {@code [N,columns]}
     */
    private record Input(String name, OnnxJavaType type, List<String> columns, int rank) {
    }

    private OnnxClassifier(OrtSession session, OnnxGraph graph) throws OrtException {
        this.session = session;
        this.graph = graph;
        Map<String, String> metadata = session.getMetadata().getCustomMetadata();
        this.inputs = inputs(session.getInputInfo(), metadata);
        Map<String, FeatureType> columns = new LinkedHashMap<>();
        for (Input input : inputs) {
            for (String column : input.columns()) {
                if (columns.put(column, input.type() == OnnxJavaType.STRING ? FeatureType.CATEGORICAL
                        : FeatureType.NUMERIC) != null) {
                    throw new IllegalArgumentException("two inputs read the column '" + column + "'");
                }
            }
        }
        this.featureColumns = Collections.unmodifiableMap(columns);

        NodeInfo probabilities = probabilityOutput(session.getOutputInfo(), graph);
        this.output = probabilities.getName();
        List<String> graphLabels = graphLabels(output);
        List<String> named = metadata.containsKey("labels") ? names(metadata.get("labels"), "labels") : graphLabels;
        if (named.isEmpty()) {
            throw new IllegalArgumentException("the model names no class labels: its graph has no classifier with"
                    + " classlabels_strings or classlabels_int64s; list them in the metadata property 'labels'"
                    + " (comma-separated, in the order of the output '" + output + "')");
        }
        if (!graphLabels.isEmpty() && graphLabels.size() != named.size()) {
            throw new IllegalArgumentException("the metadata property 'labels' names " + named.size() + " labels "
                    + named + ", but the graph's classifier has " + graphLabels.size() + ": " + graphLabels);
        }
        if (probabilities.getInfo() instanceof TensorInfo t && t.getShape().length == 2 && t.getShape()[1] > 0
                && t.getShape()[1] != named.size()) {
            throw new IllegalArgumentException("the output '" + output + "' has shape " + shape(t.getShape())
                    + ", expected [N," + named.size() + "] for the labels " + named);
        }
        List<String> sorted = named.stream().sorted().toList();
        Optional<String> positive = Optional.ofNullable(metadata.get("positive_class")).map(String::strip);
        if (positive.isPresent() && !sorted.contains(positive.get())) {
            throw new IllegalArgumentException("the metadata property positive_class is '" + positive.get()
                    + "', which is not one of the labels " + sorted);
        }
        this.positiveClass = sorted.size() == 2 ? Optional.of(positive.orElse(sorted.get(1))) : Optional.empty();
        this.labels = Labels.requireValid(sorted, positiveClass);
        this.columnLabel = new int[named.size()];
        for (int k = 0; k < named.size(); k++) {
            columnLabel[k] = labels.indexOf(named.get(k));
        }
        this.trees = inputs.size() == 1
                ? OnnxTrees.of(graph, inputs.get(0).name(), inputs.get(0).columns(), output, named)
                : Optional.empty();
    }

    /**
     * Reads an ONNX model and opens an ONNX Runtime session for it (the caller closes it). The bytes
     * are parsed in Java first, so that bytes which are no ONNX model never reach native code.
     *
     * @param model the serialized {@code ModelProto}, verified by the caller
     * @throws IllegalArgumentException when the bytes are not an ONNX model ONNX Runtime can run, or
     *     its inputs, outputs or labels are not those of a classifier as described above (naming the
     *     input, output or property)
     * @throws MlopsConfigurationException when ONNX Runtime's native library cannot load on this platform
     */
    public static OnnxClassifier read(byte[] model) {
        OnnxGraph graph = OnnxGraph.read(model);
        // ONNX Runtime's Java API reads a ZipMap's maps one by one, several times slower than the model
        // runs; the tensor of probabilities they are made of is read at once when it is an output too
        List<String> zipMapInputs = graph.nodes(ML, "ZipMap").stream()
                .filter(z -> graph.outputs().contains(z.outputs().get(0)) && !graph.outputs().contains(z.inputs().get(0)))
                .map(z -> z.inputs().get(0)).toList();
        byte[] runnable = zipMapInputs.isEmpty() ? model : OnnxGraph.withFloatOutputs(model, zipMapInputs);
        OrtEnvironment environment = environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // the callers' threads are the parallelism: one session serves them all, and a pool
            // per session would spin on cores the callers need
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            // failures reach the caller as exceptions; the runtime's own log would only repeat them on stderr
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            session = environment.createSession(runnable, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        try {
            return new OnnxClassifier(session, graph);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session, e);
            if (e instanceof OrtException) {
                throw new IllegalArgumentException("ONNX Runtime cannot describe the model: " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    private static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new MlopsConfigurationException("ONNX Runtime's native library cannot load on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e, e);
        }
    }

    private static void closeQuietly(OrtSession session, Exception failure) {
        try {
            session.close();
        } catch (OrtException e) {
            failure.addSuppressed(e);
        }
    }

    private static List<Input> inputs(Map<String, NodeInfo> info, Map<String, String> metadata) {
        if (info.isEmpty()) {
            throw new IllegalArgumentException("the model has no inputs");
        }
        List<Input> inputs = new ArrayList<>();
        for (NodeInfo node : info.values()) {
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw new IllegalArgumentException("input '" + node.getName() + "' is " + node.getInfo()
                        + "; only tensor inputs are supported");
            }
            OnnxJavaType type = tensor.type;
            if (type != OnnxJavaType.FLOAT && type != OnnxJavaType.DOUBLE && type != OnnxJavaType.INT64
                    && type != OnnxJavaType.STRING) {
                throw new IllegalArgumentException("input '" + node.getName() + "' is a tensor of " + type
                        + "; inputs must be float, double, int64 or string tensors");
            }
            long[] shape = tensor.getShape();
            if (shape.length < 1 || shape.length > 2 || shape[0] > 1) {
                throw new IllegalArgumentException("input '" + node.getName() + "' has shape " + shape(shape)
                        + "; inputs must have shape [N] or [N,columns] with a free batch dimension N");
            }
            long width = shape.length == 1 ? 1 : shape[1];
            String names = metadata.get("feature_names");
            if (info.size() == 1 && names != null) {
                List<String> columns = names(names, "feature_names");
                if (width > 0 && width != columns.size() || shape.length == 1 && columns.size() != 1) {
                    throw new IllegalArgumentException("input '" + node.getName() + "' has shape " + shape(shape)
                            + ", but the metadata property feature_names names " + columns.size() + " columns;"
                            + " expected shape [N," + columns.size() + "]");
                }
                inputs.add(new Input(node.getName(), type, columns, 2));
            } else if (width == 1) {
                inputs.add(new Input(node.getName(), type, List.of(node.getName()), shape.length));
            } else {
                throw new IllegalArgumentException("input '" + node.getName() + "' has shape " + shape(shape)
                        + (info.size() == 1 ? "; name its columns in the metadata property feature_names"
                        : "; with several inputs, each must have shape [N,1] or [N] and is one column"));
            }
        }
        return List.copyOf(inputs);
    }

    private static NodeInfo probabilityOutput(Map<String, NodeInfo> outputs, OnnxGraph graph) {
        for (NodeInfo node : outputs.values()) {
            ValueInfo info = node.getInfo();
            if (info instanceof SequenceInfo s && s.isSequenceOfMaps()) {
                Optional<NodeInfo> probabilities = graph.producer(node.getName())
                        .filter(z -> z.domain().equals(ML) && z.opType().equals("ZipMap"))
                        .map(z -> outputs.get(z.inputs().get(0)));
                if (probabilities.isPresent()) {
                    return probabilities.get();
                }
            }
            if (info instanceof TensorInfo t && t.getShape().length == 2
                    && (t.type == OnnxJavaType.FLOAT || t.type == OnnxJavaType.DOUBLE)) {
                return node;
            }
        }
        List<String> described = new ArrayList<>();
        outputs.values().forEach(n -> described.add(n.getName() + ": " + n.getInfo()));
        throw new IllegalArgumentException("the model has no probability output: a float tensor [N,labels] or a"
                + " ZipMap (a sequence of maps from label to probability); its outputs are " + described);
    }

    /**
     * The class labels, as text, of a ZipMap of the output's columns, else of the node that computes
     * it, else of the graph's first classifier.
     */
    private List<String> graphLabels(String output) {
        List<OnnxGraph.Node> candidates = new ArrayList<>(graph.nodes(ML, "ZipMap").stream()
                .filter(z -> z.inputs().contains(output)).toList());
        graph.producer(output).ifPresent(candidates::add);
        candidates.addAll(graph.nodes());
        for (OnnxGraph.Node node : candidates) {
            Optional<OnnxGraph.Attribute> strings = node.attribute("classlabels_strings");
            if (strings.isPresent()) {
                return strings.get().strings();
            }
            Optional<OnnxGraph.Attribute> ints = node.attribute("classlabels_int64s");
            if (ints.isPresent()) {
                return Arrays.stream(ints.get().ints()).mapToObj(Long::toString).toList();
            }
        }
        return List.of();
    }

    private static List<String> names(String commaSeparated, String property) {
        List<String> names = Arrays.stream(commaSeparated.split(",", -1)).map(String::strip).toList();
        if (names.contains("")) {
            throw new IllegalArgumentException("the metadata property " + property + " has an empty name: '"
                    + commaSeparated + "'");
        }
        return names;
    }

    private static String shape(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i > 0 ? "," : "").append(shape[i] < 0 ? (i == 0 ? "N" : "?") : Long.toString(shape[i]));
        }
        return text.append(']').toString();
    }

    /** The main graph's nodes and attributes, as read from the model (a tree ensemble's trees, say). */
    public OnnxGraph graph() {
        return graph;
    }

    /**
     * The model's trees, when the graph is one {@code TreeEnsembleClassifier} reading the model's one
     * input, with the post-transform {@code NONE} (a random forest) or {@code SOFTMAX}, and all splits
     * {@code BRANCH_LEQ} or all {@code BRANCH_LT}: over the feature columns in their order, the classes
     * in the order of the probability output's columns, with covers from {@code nodes_hitrates} when
     * present. What TreeSHAP explanations work on; predictions still run in ONNX Runtime.
     */
    public Optional<TreeEnsemble> trees() {
        return trees;
    }

    /**
     * Explains one row's prediction with path-dependent TreeSHAP over the model's {@link #trees()}:
     * per class, the contribution of each feature column to the class's score (for a forest, its
     * averaged share of the trees' votes), which add up to the score less the expected one.
     *
     * @param row column → value, as {@link #predict(Map)} takes it
     * @throws IllegalStateException when the model has no readable trees, or they have no covers
     *     ({@code nodes_hitrates})
     * @throws DataException naming a column the row has no key for, or a value that is not a number
     */
    public Contributions explain(Map<String, ?> row) {
        TreeEnsemble ensemble = trees.orElseThrow(() -> new IllegalStateException("the ONNX model has no tree"
                + " ensemble that can be read as trees, so TreeSHAP cannot explain it"));
        double[] x = new double[ensemble.features().size()];
        for (int j = 0; j < x.length; j++) {
            String column = ensemble.features().get(j);
            if (!row.containsKey(column)) {
                throw DataException.absentFeature(column, featureColumns.keySet());
            }
            x[j] = number(row.get(column), column);
        }
        return ensemble.contributions(x);
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public Optional<String> positiveClass() {
        return positiveClass;
    }

    @Override
    public Map<String, FeatureType> featureColumns() {
        return featureColumns;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the model was closed
     */
    @Override
    public Prediction predict(Map<String, ?> row) {
        Object[] columns = new Object[featureColumns.size()];
        int c = 0;
        for (Map.Entry<String, FeatureType> column : featureColumns.entrySet()) {
            String name = column.getKey();
            if (!row.containsKey(name)) {
                throw DataException.absentFeature(name, featureColumns.keySet());
            }
            Object value = row.get(name);
            columns[c++] = column.getValue() == FeatureType.CATEGORICAL
                    ? new String[] {value instanceof Number n ? DataTable.text(n.doubleValue())
                            : value == null ? "" : value.toString()}
                    : new double[] {number(value, name)};
        }
        return predict(columns, 1, "row").get(0);
    }

    private static double number(Object value, String column) {
        double x;
        if (value == null) {
            return Double.NaN;
        } else if (value instanceof Number n) {
            x = n.doubleValue();
        } else {
            String text = value.toString().strip();
            if (text.isEmpty()) {
                return Double.NaN;
            }
            try {
                x = Numbers.parse(text);
            } catch (NumberFormatException e) {
                throw new DataException("row", 0, column, e.getMessage(), e);
            }
        }
        if (Double.isInfinite(x)) {
            throw new DataException("row", 0, column, "not a finite number: " + x);
        }
        return x;
    }

    /**
     * {@inheritDoc} In batches of {@value #BATCH_ROWS} rows, one session call each.
     *
     * @throws IllegalStateException when the model was closed
     */
    @Override
    public Predictions predict(DataTable table, String source) {
        return predict(bind(table, source), table.rowCount(), source);
    }

    /** Predicts rows given as feature columns, in feature column order: {@code double[]} or {@code String[]}. */
    private Predictions predict(Object[] columns, int rows, String source) {
        double[][] probabilities = new double[rows][];
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the ONNX model was closed (evicted from the registry's cache, or"
                        + " its registry closed); load it again");
            }
            for (int from = 0; from < rows; from += BATCH_ROWS) {
                run(columns, from, Math.min(rows, from + BATCH_ROWS), probabilities, source);
            }
        } finally {
            lock.readLock().unlock();
        }
        return new Predictions(labels, positiveClass, probabilities);
    }

    /** Every feature column of the table, as the inputs read it: {@code double[]} or {@code String[]}. */
    private Object[] bind(DataTable table, String source) {
        List<String> missing = featureColumns.keySet().stream().filter(c -> table.type(c).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new DataException(source, 0, missing.get(0), "missing feature column"
                    + (missing.size() > 1 ? "s " + missing : "") + "; the model needs " + featureColumns.keySet());
        }
        Object[] columns = new Object[featureColumns.size()];
        int c = 0;
        for (Map.Entry<String, FeatureType> column : featureColumns.entrySet()) {
            String name = column.getKey();
            if (column.getValue() == FeatureType.CATEGORICAL) {
                columns[c++] = table.text(name).toArray(String[]::new);
            } else if (table.type(name).orElseThrow() == FeatureType.NUMERIC) {
                columns[c++] = table.numeric(name).orElseThrow();
            } else {
                List<String> cells = table.categorical(name).orElseThrow();
                double[] values = new double[cells.size()];
                for (int r = 0; r < values.length; r++) {
                    String cell = cells.get(r).strip();
                    try {
                        values[r] = cell.isEmpty() ? Double.NaN : Numbers.parse(cell);
                    } catch (NumberFormatException e) {
                        throw new DataException(source, 0, name, "row " + (r + 1) + ": " + e.getMessage(), e);
                    }
                }
                columns[c++] = values;
            }
        }
        return columns;
    }

    private void run(Object[] columns, int from, int to, double[][] into, String source) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            int first = 0;
            for (Input input : inputs) {
                tensors.put(input.name(), tensor(environment, input, columns, first, from, to, source));
                first += input.columns().size();
            }
            try (OrtSession.Result result = session.run(tensors, Set.of(output))) {
                read(result.get(0), into, from, to);
            }
        } catch (OrtException e) {
            throw new DataException(source, 0, null, "ONNX Runtime cannot predict rows " + (from + 1) + " to " + to
                    + ": " + e.getMessage(), e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    /** The tensor of one input for rows {@code [from, to)}, row-major; {@code first} is its first column's index. */
    private static OnnxTensor tensor(OrtEnvironment environment, Input input, Object[] columns, int first, int from,
            int to, String source) throws OrtException {
        int width = input.columns().size();
        int n = to - from;
        long[] shape = input.rank() == 1 ? new long[] {n} : new long[] {n, width};
        int size = n * width;
        switch (input.type()) {
            case STRING -> {
                String[] values = new String[size];
                for (int j = 0; j < width; j++) {
                    String[] column = (String[]) columns[first + j];
                    for (int r = 0; r < n; r++) {
                        values[r * width + j] = column[from + r];
                    }
                }
                return OnnxTensor.createTensor(environment, values, shape);
            }
            case FLOAT -> {
                float[] values = new float[size];
                for (int j = 0; j < width; j++) {
                    double[] column = (double[]) columns[first + j];
                    for (int r = 0; r < n; r++) {
                        values[r * width + j] = (float) column[from + r];
                    }
                }
                return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
            }
            case DOUBLE -> {
                double[] values = new double[size];
                for (int j = 0; j < width; j++) {
                    double[] column = (double[]) columns[first + j];
                    for (int r = 0; r < n; r++) {
                        values[r * width + j] = column[from + r];
                    }
                }
                return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape);
            }
            default -> {
                long[] values = new long[size];
                for (int j = 0; j < width; j++) {
                    double[] column = (double[]) columns[first + j];
                    for (int r = 0; r < n; r++) {
                        double x = column[from + r];
                        if (x != Math.rint(x) || Math.abs(x) >= 0x1p63) {
                            throw new DataException(source, 0, input.columns().get(j), "row " + (from + r + 1) + ": "
                                    + (Double.isNaN(x) ? "a missing value" : DataTable.text(x)) + " for the int64 input '"
                                    + input.name() + "', which takes whole numbers only");
                        }
                        values[r * width + j] = (long) x;
                    }
                }
                return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
            }
        }
    }

    /** Reads the probability output of rows {@code [from, to)} into label order, each row scaled to sum to 1. */
    private void read(OnnxValue value, double[][] into, int from, int to) throws OrtException {
        int n = to - from;
        OnnxTensor tensor = (OnnxTensor) value;
        int width = columnLabel.length;
        long[] shape = tensor.getInfo().getShape();
        if (shape.length != 2 || shape[0] != n || shape[1] != width) {
            throw new IllegalStateException("the output '" + output + "' has shape " + shape(shape) + " for " + n
                    + " rows, expected [" + n + "," + width + "]: the model does not compute what its inputs"
                    + " and labels declare");
        }
        double[] flat = new double[n * width];
        if (tensor.getInfo().type == OnnxJavaType.FLOAT) {
            FloatBuffer floats = tensor.getFloatBuffer();
            for (int i = 0; i < flat.length; i++) {
                flat[i] = floats.get(i);
            }
        } else {
            tensor.getDoubleBuffer().get(flat);
        }
        for (int r = 0; r < n; r++) {
            double[] p = new double[width];
            for (int k = 0; k < width; k++) {
                p[columnLabel[k]] = flat[r * width + k];
            }
            into[from + r] = normalized(p);
        }
    }

    /** Probabilities scaled to sum to 1 (float32 sums drift by ulps); a score that is no probability is refused. */
    private double[] normalized(double[] p) {
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            if (!(p[k] >= 0 && p[k] <= 1 + 1e-5)) {
                throw new IllegalStateException("the output '" + output + "' gave label '" + labels.get(k) + "' "
                        + p[k] + ", which is not a probability: the model's classifier must output probabilities"
                        + " (a post-transform such as LOGISTIC or SOFTMAX), not raw scores");
            }
            sum += p[k];
        }
        if (!(sum > 0)) {
            throw new IllegalStateException("the output '" + output + "' gave every label probability 0");
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** Closes the ONNX Runtime session once the predictions in progress are done; later predictions throw. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxClassifier" + featureColumns.keySet() + " -> " + labels;
    }
}
