package dev.mlops.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.model.Classifier;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import dev.mlops.online.internal.BinaryIn;
import dev.mlops.online.internal.BinaryOut;
import dev.mlops.online.internal.LinearState;
import dev.mlops.online.internal.OnlineJson;
import dev.mlops.online.internal.Rows;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of an online logistic regression: what predictions are served from, what
 * is registered ({@link OnlineModelFormat}), and what an {@link IncrementalModel} can continue
 * learning from (the optimiser state travels with the weights). Thread-safe.
 *
 * <pre>{@code
 * OnlineModel model = registry.load("clicks@production", OnlineModelFormat.of());
 * Prediction p = model.predict(Map.of("price", 12.5, "country", "NZ"));
 * }</pre>
 *
 * <h2>Artifact format {@value OnlineModelFormat#NAME}, version 1</h2>
 * All integers big-endian; doubles IEEE-754 binary64, so every number reads back bit for bit.
 * <ol>
 *   <li>8 bytes of magic, ASCII {@code MLOPSOLM}, then the format version as an unsigned 16-bit
 *       integer (1).</li>
 *   <li>A header: its length in bytes (32-bit), then UTF-8 JSON
 *       {@code {"format":"mlops-online-model","schema":{labelColumn, labels, positiveClass,
 *       numeric, categorical, hashBuckets, hashSeed, standardize},"optimizer":{"name":"ftrl"|"adagrad",
 *       ...settings},"outputs":K,"dimension":D}}, K = 1 for two labels (the log-odds of the second
 *       label) else the number of labels, D = numeric columns + hash buckets + 1.</li>
 *   <li>Examples learned and optimiser steps taken, 64-bit each.</li>
 *   <li>Six arrays, each a 32-bit count followed by its values: the weights (K·D doubles, output
 *       by output: numeric features, buckets, bias), accumulator 1 (FTRL z, AdaGrad Σg²; K·D),
 *       accumulator 2 (FTRL n = Σg²; K·D, empty for AdaGrad), the standardization counts (one
 *       64-bit integer per numeric column), means and sums of squared deviations (doubles).</li>
 *   <li>Nothing else: trailing bytes are refused.</li>
 * </ol>
 * Java serialization is never used.
 */
public final class OnlineModel implements Classifier {

    static final String MAGIC = "MLOPSOLM";
    static final int VERSION = 1;

    private final LinearState state;

    private OnlineModel(LinearState state) {
        this.state = state;
    }

    /** Wraps a state nobody will change again (the caller hands it over). */
    static OnlineModel of(LinearState frozen) {
        return new OnlineModel(frozen);
    }

    /** The state, for learners that copy it; never to be changed. */
    LinearState state() {
        return state;
    }

    /** What the model reads and predicts. */
    public OnlineSchema schema() {
        return state.schema();
    }

    /** The optimiser it learned with. */
    public Optimizer optimizer() {
        return state.optimizer();
    }

    @Override
    public List<String> labels() {
        return state.schema().labels();
    }

    @Override
    public Optional<String> positiveClass() {
        return state.schema().positiveClass();
    }

    /** The schema's numeric columns, then its categorical ones. */
    @Override
    public Map<String, FeatureType> featureColumns() {
        Map<String, FeatureType> columns = new LinkedHashMap<>();
        schema().numeric().forEach(c -> columns.put(c, FeatureType.NUMERIC));
        schema().categorical().forEach(c -> columns.put(c, FeatureType.CATEGORICAL));
        return Collections.unmodifiableMap(columns);
    }

    /** Examples it has learned from. */
    public long examples() {
        return state.examples();
    }

    /** Optimiser steps it has taken. */
    public long updates() {
        return state.updates();
    }

    /** A copy of the weights: per output (one for two labels), numeric features, hash buckets, bias. */
    public double[] weights() {
        return state.weights();
    }

    /** The current mean of each numeric column, in schema order: what a missing value stands for. */
    public double[] means() {
        return state.means();
    }

    /**
     * Predicts one row given as arrays, without allocating: the probability of each label into
     * {@code probabilities} (length = labels).
     *
     * @param numeric the numeric columns' values in schema order, {@code NaN} for missing
     * @param categorical the categorical columns' values in schema order ({@code null} or {@code ""} for missing)
     * @return the index of the most probable label (the first on a tie)
     * @throws IllegalArgumentException on wrong lengths or an infinite value
     */
    public int predict(double[] numeric, String[] categorical, double[] probabilities) {
        state.check(numeric, categorical);
        if (probabilities.length != labels().size()) {
            throw new IllegalArgumentException("probabilities needs room for " + labels().size() + " labels");
        }
        return state.predict(numeric, categorical, probabilities);
    }

    /**
     * Predicts one row given as column → value: a {@link Number} or text for numeric columns, any
     * value for categorical ones, {@code null} for missing. Other keys are ignored.
     *
     * @throws dev.mlops.data.DataException naming a column the row lacks or a value that is not a number
     */
    @Override
    public Prediction predict(Map<String, ?> row) {
        double[] p = new double[labels().size()];
        int best = state.predict(Rows.numeric(schema(), row), Rows.categorical(schema(), row), p);
        return prediction(labels(), best, p);
    }

    /** A prediction from the probabilities of {@code labels} (in their order) and the most probable one's index. */
    static Prediction prediction(List<String> labels, int best, double[] probabilities) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int k = 0; k < probabilities.length; k++) {
            byLabel.put(labels.get(k), probabilities[k]);
        }
        return new Prediction(labels.get(best), byLabel);
    }

    /**
     * Predicts every row of a table, in order; columns the model does not read are ignored.
     *
     * @param source names the data in errors
     * @throws dev.mlops.data.DataException if a feature column is missing or a numeric cell is not a number
     */
    @Override
    public Predictions predict(DataTable table, String source) {
        Rows.Bound bound = Rows.bind(schema(), table, source);
        double[] numeric = new double[schema().numeric().size()];
        String[] categorical = new String[schema().categorical().size()];
        double[][] probabilities = new double[bound.rows()][];
        for (int r = 0; r < bound.rows(); r++) {
            bound.numeric(r, numeric);
            bound.categorical(r, categorical);
            probabilities[r] = new double[labels().size()];
            state.predict(numeric, categorical, probabilities[r]);
        }
        return new Predictions(labels(), positiveClass(), probabilities);
    }

    /** The artifact bytes (see the class documentation for the layout). */
    public byte[] toBytes() {
        ObjectNode header = Json.object();
        header.put("format", OnlineModelFormat.NAME);
        header.set("schema", OnlineJson.schema(schema()));
        header.set("optimizer", OnlineJson.optimizer(optimizer()));
        header.put("outputs", labels().size() == 2 ? 1 : labels().size());
        header.put("dimension", schema().dimension());
        BinaryOut out = new BinaryOut().header(MAGIC, VERSION).text(Json.write(header));
        state.write(out);
        return out.toByteArray();
    }

    /**
     * Reads a model from the bytes {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException when they are not such an artifact, naming what is wrong
     */
    public static OnlineModel fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        BinaryIn in = new BinaryIn(bytes, OnlineModelFormat.NAME + " artifact");
        in.header(MAGIC, VERSION);
        JsonNode header = OnlineJson.parse(in.text(), in);
        OnlineSchema schema = OnlineJson.schema(OnlineJson.required(header, "schema", in), in);
        Optimizer optimizer = OnlineJson.optimizer(OnlineJson.required(header, "optimizer", in), in);
        LinearState state = LinearState.read(in, schema, optimizer);
        in.end();
        return new OnlineModel(state);
    }

    @Override
    public String toString() {
        return "OnlineModel[" + optimizer().name() + ", label '" + schema().labelColumn() + "' " + labels() + ", "
                + schema().numeric().size() + " numeric and " + schema().categorical().size() + " categorical columns, "
                + examples() + " examples]";
    }
}
