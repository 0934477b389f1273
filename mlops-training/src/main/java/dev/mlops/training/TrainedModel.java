package dev.mlops.training;

import dev.mlops.data.CsvTables;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.model.Classifier;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import dev.mlops.model.TreeEnsemble;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.internal.Encoder;
import dev.mlops.training.internal.ModelContainer;
import dev.mlops.training.internal.TreePredictor;
import dev.mlops.training.internal.TribuoTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.tree.TreeModel;

/**
 * A Tribuo classifier together with the {@link ModelSchema} that turns rows of data into its
 * features: what the trainer produces, what is registered ({@link TrainedModelFormat}), and what
 * predicts. Immutable and thread-safe.
 *
 * <pre>{@code
 * TrainedModel model = registry.load("churn@production", TrainedModelFormat.of());
 * Predictions predictions = model.predictCsv(Path.of("new-customers.csv"));
 * Prediction one = model.predict(Map.of("age", 41, "plan", "pro"));   // a model of these two columns
 * }</pre>
 */
public final class TrainedModel implements Classifier {

    private final ModelSchema schema;
    private final Model<Label> tribuoModel;
    private final String algorithm;
    private final Map<String, String> params;
    private final Encoder encoder;
    private final Optional<TreeEnsemble> trees;
    /** Predicts in place of Tribuo when present: the model's trees evaluated in Java, with Tribuo's arithmetic. */
    private final Optional<TreePredictor> fast;

    private TrainedModel(ModelSchema schema, Model<Label> tribuoModel, String algorithm, Map<String, String> params) {
        this(schema, tribuoModel, algorithm, params, TribuoTrees.of(tribuoModel), true);
    }

    private TrainedModel(ModelSchema schema, Model<Label> tribuoModel, String algorithm, Map<String, String> params,
            Optional<TreeEnsemble> trees, boolean fastTrees) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.tribuoModel = Objects.requireNonNull(tribuoModel, "tribuoModel");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.params = Collections.unmodifiableMap(new TreeMap<>(params));
        this.encoder = new Encoder(schema);
        this.trees = trees;
        // a single CART tree's leaf scores reach the caller without Tribuo's vote, so it keeps Tribuo's path
        this.fast = fastTrees && !(tribuoModel instanceof TreeModel)
                ? trees.map(t -> new TreePredictor(t, encoder, schema.labels())) : Optional.empty();
        Set<String> features = Set.copyOf(schema.featureNames());
        List<String> unknown = new ArrayList<>();
        tribuoModel.getFeatureIDMap().forEach(info -> {
            if (!features.contains(info.getName())) {
                unknown.add(info.getName());
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the Tribuo model uses features the schema does not produce: " + unknown);
        }
        tribuoModel.getOutputIDInfo().getDomain().forEach(label -> {
            if (!schema.labels().contains(label.getLabel())) {
                throw new IllegalArgumentException("the Tribuo model predicts '" + label.getLabel()
                        + "', which is not one of the schema's labels " + schema.labels());
            }
        });
    }

    /**
     * A model from its parts.
     *
     * @param algorithm the algorithm id, e.g. {@code logistic}
     * @param params the hyperparameters it was trained with
     * @throws IllegalArgumentException if the Tribuo model uses features the schema does not
     *     produce, or predicts labels the schema does not list
     */
    public static TrainedModel of(ModelSchema schema, Model<Label> tribuoModel, String algorithm, Map<String, String> params) {
        return new TrainedModel(schema, tribuoModel, algorithm, params);
    }

    /**
     * Wraps a plain Tribuo classifier whose feature names are column names: every feature is a
     * numeric column without imputation (a missing cell is refused). The positive class of a binary
     * model is the given one, else the label that sorts last.
     *
     * @param labelColumn the column it predicts (for evaluation data), may be empty when unknown
     * @throws IllegalArgumentException if the model knows fewer than two labels or the positive class
     *     is not one of them
     */
    public static TrainedModel ofTribuo(Model<Label> tribuoModel, String labelColumn, Optional<String> positiveClass) {
        List<String> labels = new ArrayList<>();
        tribuoModel.getOutputIDInfo().getDomain().forEach(label -> labels.add(label.getLabel()));
        labels.sort(null);
        List<ModelSchema.Column> columns = new ArrayList<>();
        tribuoModel.getFeatureIDMap().forEach(info -> columns.add(ModelSchema.Column.numeric(info.getName(), Double.NaN)));
        columns.sort(java.util.Comparator.comparing(ModelSchema.Column::name));
        Optional<String> positive = labels.size() != 2 ? Optional.empty()
                : Optional.of(positiveClass.orElse(labels.get(labels.size() - 1)));
        return new TrainedModel(new ModelSchema(labelColumn, labels, positive, columns, false),
                tribuoModel, "tribuo", Map.of());
    }

    /**
     * Loads a registered version as a model: an {@link TrainedModelFormat mlops-model} artifact
     * directly, a plain {@code tribuo-protobuf} one through {@link #ofTribuo} with the version's
     * {@code labelColumn} and {@code positiveClass} params when present. Goes through the
     * registry's verified, cached loading.
     *
     * @throws dev.mlops.registry.ModelNotFoundException when the reference points nowhere
     * @throws IllegalArgumentException when the version has another format
     */
    public static TrainedModel load(ModelRegistry registry, String ref) {
        ModelVersion version = registry.get(ref);
        String pinned = version.ref().toString();
        if (version.format().equals(TribuoFormat.NAME)) {
            Model<Label> model = registry.load(pinned, TribuoFormat.of(Label.class));
            return ofTribuo(model, version.params().getOrDefault("labelColumn", ""),
                    Optional.ofNullable(version.params().get("positiveClass")));
        }
        return registry.load(pinned, TrainedModelFormat.of());
    }

    /**
     * Reads a model from the bytes {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException when they are not such an artifact
     * @throws dev.mlops.MlopsConfigurationException for an XGBoost model without XGBoost support
     */
    public static TrainedModel fromBytes(byte[] bytes) {
        return ModelContainer.read(bytes);
    }

    /** The artifact bytes: a ZIP of the schema (JSON) and the Tribuo model (protobuf). */
    public byte[] toBytes() {
        return ModelContainer.write(this);
    }

    /** How rows become features, and the labels. */
    public ModelSchema schema() {
        return schema;
    }

    /**
     * The underlying Tribuo model (its provenance says how it was trained). It reads the features
     * the schema's encoder produces: one-hot levels, filled-in missing values and, for a
     * standardized schema, standardized numbers.
     */
    public Model<Label> tribuoModel() {
        return tribuoModel;
    }

    /**
     * The model's trees, for a tree model (CART, random forest, XGBoost) whose trees can be read: over
     * the encoded features (Tribuo's feature names: a numeric column's name, {@code column=level} for
     * a category), in Tribuo's order.
     */
    public Optional<TreeEnsemble> trees() {
        return trees;
    }

    /**
     * Whether this model predicts by evaluating its trees in Java (a random forest, XGBoost), which
     * gives Tribuo's probabilities bit for bit in a fraction of the time.
     */
    public boolean predictsWithTrees() {
        return fast.isPresent();
    }

    /**
     * This model predicting through Tribuo (and XGBoost's native library) even where it could
     * evaluate its trees in Java: the reference the fast path is measured and checked against.
     */
    public TrainedModel withTribuoPrediction() {
        return new TrainedModel(schema, tribuoModel, algorithm, params, trees, false);
    }

    /** The algorithm id, e.g. {@code logistic}; {@code tribuo} for a wrapped plain Tribuo model. */
    public String algorithm() {
        return algorithm;
    }

    /** The hyperparameters it was trained with, sorted by name. */
    public Map<String, String> params() {
        return params;
    }

    @Override
    public List<String> labels() {
        return schema.labels();
    }

    @Override
    public Optional<String> positiveClass() {
        return schema.positiveClass();
    }

    /** The schema's columns: numeric ones read as numbers, categorical ones as text. */
    @Override
    public Map<String, FeatureType> featureColumns() {
        Map<String, FeatureType> columns = new LinkedHashMap<>();
        schema.columns().forEach(c -> columns.put(c.name(), c.type()));
        return Collections.unmodifiableMap(columns);
    }

    /**
     * Predicts every row of a table, in order. Columns the model does not use are ignored.
     *
     * @param source names the data in error messages
     * @throws DataException if a feature column is missing or a numeric one holds text
     */
    @Override
    public Predictions predict(DataTable table, String source) {
        Encoder.Bound bound = encoder.bind(table, source);
        if (fast.isPresent()) {
            double[][] probabilities = new double[bound.rows()][];
            for (int r = 0; r < probabilities.length; r++) {
                probabilities[r] = normalized(fast.get().probabilities(encoder.encode(bound, r)));
            }
            return new Predictions(schema.labels(), schema.positiveClass(), probabilities);
        }
        List<Example<Label>> examples = new ArrayList<>(bound.rows());
        for (int r = 0; r < bound.rows(); r++) {
            examples.add(encoder.example(LabelFactory.UNKNOWN_LABEL, encoder.encode(bound, r)));
        }
        List<org.tribuo.Prediction<Label>> predicted = tribuoModel.predict(examples);
        double[][] probabilities = new double[predicted.size()][];
        for (int r = 0; r < probabilities.length; r++) {
            probabilities[r] = probabilities(predicted.get(r));
        }
        return new Predictions(schema.labels(), schema.positiveClass(), probabilities);
    }

    /**
     * Predicts every row of a CSV file (header, RFC 4180, empty cell = missing), in order. Columns
     * the model does not use are ignored; the model's categorical columns are read as text even
     * where they hold numbers.
     *
     * @throws dev.mlops.InputException if the file cannot be read or is malformed, a feature column
     *     is missing, or a numeric feature cell is not a number (naming line and column)
     */
    public Predictions predictCsv(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file.toString(), 0, null, "cannot read: " + e.getMessage(), e);
        }
        return predict(readLike(bytes, file.toString()), file.toString());
    }

    /**
     * Reads CSV bytes with this model's column types.
     *
     * @throws DataException on malformed input
     */
    DataTable readLike(byte[] csv, String source) {
        Map<String, FeatureType> types = new HashMap<>();
        schema.columns().forEach(c -> types.put(c.name(), c.type()));
        types.put(schema.labelColumn(), FeatureType.CATEGORICAL);
        return CsvTables.read(csv, source, Set.of(), types);
    }

    /**
     * Predicts one row given as column → value: a {@link Number}, text (parsed for numeric columns),
     * or {@code null} for missing (a number then takes its training mean, a category the missing
     * level). Every feature column needs a key; other keys are ignored.
     *
     * @throws DataException naming a feature column the row has no key for (and how to pass a missing
     *     value), or a value that is not a number
     */
    @Override
    public Prediction predict(Map<String, ?> row) {
        double[] encoded = encoder.encode(row);
        double[] probabilities = fast.isPresent() ? normalized(fast.get().probabilities(encoded))
                : probabilities(tribuoModel.predict(encoder.example(LabelFactory.UNKNOWN_LABEL, encoded)));
        Map<String, Double> byLabel = new LinkedHashMap<>();
        int best = 0;
        for (int k = 0; k < probabilities.length; k++) {
            byLabel.put(schema.labels().get(k), probabilities[k]);
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return new Prediction(schema.labels().get(best), byLabel);
    }

    /** Tribuo's scores in label order, divided by their sum so they add up to 1. */
    private double[] probabilities(org.tribuo.Prediction<Label> prediction) {
        Map<String, Label> scores = prediction.getOutputScores();
        double[] p = new double[schema.labels().size()];
        for (int k = 0; k < p.length; k++) {
            Label label = scores.get(schema.labels().get(k));
            p[k] = label == null ? 0 : label.getScore();
        }
        return normalized(p);
    }

    /** Scores in label order divided by their sum, in place. */
    private double[] normalized(double[] p) {
        List<String> labels = schema.labels();
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            double score = p[k];
            if (!(score >= 0) || Double.isInfinite(score)) {
                throw new TrainingException("the model scored label '" + labels.get(k) + "' " + score
                        + ", which is not a probability; only probabilistic classifiers are supported");
            }
            sum += score;
        }
        if (!(sum > 0)) {
            throw new TrainingException("the model gave every label a score of 0");
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    @Override
    public String toString() {
        return "TrainedModel[" + algorithm + ", label '" + schema.labelColumn() + "' " + schema.labels() + ", "
                + schema.columns().size() + " columns]";
    }
}
