package dev.mlops.training;

import dev.mlops.data.DataTable;
import dev.mlops.model.Contributions;
import dev.mlops.model.TreeEnsemble;
import dev.mlops.training.internal.Encoder;
import dev.mlops.training.internal.TreePredictor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;

/**
 * Explains single predictions of a {@link TrainedModel} additively, per feature column: the
 * model's output for the row equals the expected output plus one contribution per column. Exact
 * for both kinds of model it explains:
 *
 * <ul>
 *   <li>logistic models: {@code w_j (x_j − mean_j)} per feature in the margin (log-odds) space of
 *       each label, the means taken over background rows (the linear SHAP values of independent
 *       features);</li>
 *   <li>tree models (CART, random forest, XGBoost): path-dependent TreeSHAP over the model's
 *       trees ({@link TreeEnsemble#contributions}), in their score space (averaged class
 *       distributions for a forest, margins for XGBoost). Tribuo's trees keep no node counts, so
 *       their covers are counted on the background rows; XGBoost's are its own.</li>
 * </ul>
 *
 * A categorical column's contribution is the sum over its one-hot levels. Thread-safe.
 *
 * <pre>{@code
 * PredictionExplainer explainer = PredictionExplainer.of(model, trainingData.table());
 * Contributions why = explainer.explain(Map.of("age", 41, "plan", "pro"));
 * }</pre>
 */
public final class PredictionExplainer {

    private final TrainedModel model;
    private final Encoder encoder;
    /** Per encoded feature (in the encoder's order), its schema column. */
    private final int[] columnOf;
    private final List<String> columns;
    private final Optional<Trees> trees;
    private final Optional<Linear> linear;

    /** The ensemble (with covers), its rows from encoded ones, and per ensemble feature its column. */
    private record Trees(TreeEnsemble ensemble, TreePredictor rows, int[] columnOf) {
    }

    /** Per label, the weights over encoded features and the margin at the background means. */
    private record Linear(List<String> labels, double[][] weights, double[] means, double[] expected) {
    }

    private PredictionExplainer(TrainedModel model, DataTable background) {
        this.model = model;
        this.encoder = new Encoder(model.schema());
        this.columns = model.schema().columnNames();
        List<String> encoded = model.schema().featureNames().stream().sorted().toList();
        Map<String, Integer> column = new HashMap<>();
        List<ModelSchema.Column> schemaColumns = model.schema().columns();
        for (int c = 0; c < schemaColumns.size(); c++) {
            for (String feature : schemaColumns.get(c).features()) {
                column.put(feature, c);
            }
        }
        this.columnOf = encoded.stream().mapToInt(column::get).toArray();
        Encoder.Bound bound = encoder.bind(background, "background");
        if (bound.rows() == 0) {
            throw new IllegalArgumentException("the background data has no rows");
        }
        List<double[]> rows = new ArrayList<>(bound.rows());
        for (int r = 0; r < bound.rows(); r++) {
            rows.add(encoder.encode(bound, r));
        }
        if (model.trees().isPresent()) {
            TreeEnsemble ensemble = model.trees().get();
            TreePredictor predictor = new TreePredictor(ensemble, encoder, ensemble.classes());
            boolean covered = ensemble.trees().stream().allMatch(t -> t.cover().length > 0);
            TreeEnsemble explained = covered ? ensemble : ensemble.withCovers(rows.stream().map(predictor::row).toList());
            int[] ensembleColumn = ensemble.features().stream().mapToInt(f -> columnOf[encoder.position(f)]).toArray();
            this.trees = Optional.of(new Trees(explained, predictor, ensembleColumn));
            this.linear = Optional.empty();
        } else if (model.tribuoModel() instanceof LinearSGDModel sgd) {
            this.trees = Optional.empty();
            this.linear = Optional.of(linear(sgd, rows));
        } else {
            throw new IllegalArgumentException("cannot explain a " + model.algorithm() + " model ("
                    + model.tribuoModel().getClass().getSimpleName() + "): only logistic and tree models");
        }
    }

    /**
     * An explainer of a model, with background rows that stand for the data it sees: the training
     * data or a sample of it (a few hundred rows suffice).
     *
     * @throws IllegalArgumentException if the model is neither logistic nor a tree model, or the
     *     background has no rows
     * @throws dev.mlops.data.DataException if the background lacks a feature column
     */
    public static PredictionExplainer of(TrainedModel model, DataTable background) {
        return new PredictionExplainer(Objects.requireNonNull(model, "model"), background);
    }

    private Linear linear(LinearSGDModel sgd, List<double[]> rows) {
        DenseMatrix matrix = sgd.getWeightsCopy();
        ImmutableFeatureMap features = sgd.getFeatureIDMap();
        int outputs = matrix.getDimension1Size();
        int width = columnOf.length;
        double[][] weights = new double[outputs][width];
        double[] bias = new double[outputs];
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < outputs; k++) {
            labels.add(sgd.getOutputIDInfo().getOutput(k).getLabel());
            for (int id = 0; id < features.size(); id++) {
                weights[k][encoder.position(features.get(id).getName())] = matrix.get(k, id);
            }
            // Tribuo keeps the bias as the weight of one more feature, always 1
            bias[k] = matrix.get(k, features.size());
        }
        double[] means = new double[width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                means[j] += row[j] / rows.size();
            }
        }
        double[] expected = bias.clone();
        for (int k = 0; k < outputs; k++) {
            for (int j = 0; j < width; j++) {
                expected[k] += weights[k][j] * means[j];
            }
        }
        return new Linear(labels, weights, means, expected);
    }

    /**
     * The contributions of each feature column to each of the model's outputs for one row (given
     * as to {@link TrainedModel#predict(Map)}).
     *
     * @throws dev.mlops.data.DataException naming a feature column the row has no key for, or a
     *     value that is not a number
     */
    public Contributions explain(Map<String, ?> row) {
        double[] x = encoder.encode(row);
        if (trees.isPresent()) {
            Trees t = trees.get();
            Contributions byFeature = t.ensemble().contributions(t.rows().row(x));
            double[][] values = new double[byFeature.outputs().size()][columns.size()];
            for (int k = 0; k < values.length; k++) {
                for (int i = 0; i < t.columnOf().length; i++) {
                    values[k][t.columnOf()[i]] += byFeature.values()[k][i];
                }
            }
            return new Contributions(columns, byFeature.outputs(), byFeature.expected(), values);
        }
        Linear l = linear.orElseThrow();
        double[][] values = new double[l.labels().size()][columns.size()];
        for (int k = 0; k < values.length; k++) {
            for (int j = 0; j < x.length; j++) {
                values[k][columnOf[j]] += l.weights()[k][j] * (x[j] - l.means()[j]);
            }
        }
        return new Contributions(columns, l.labels(), l.expected(), values);
    }

    /** The model explained. */
    public TrainedModel model() {
        return model;
    }
}
