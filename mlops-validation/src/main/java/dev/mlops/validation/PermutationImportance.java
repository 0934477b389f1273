package dev.mlops.validation;

import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Metric;
import dev.mlops.validation.internal.ImportanceJson;
import dev.mlops.validation.internal.Permutations;
import dev.mlops.validation.internal.ReportHtml;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How much a model leans on each feature column: the drop of a metric when that column's values are
 * shuffled across the rows, which breaks its link with the label while keeping its distribution
 * (Breiman 2001; the definitions of scikit-learn's {@code permutation_importance}). Works for any
 * {@link Classifier}. A column the model ignores gets exactly 0.
 *
 * <pre>{@code
 * PermutationImportance importance = PermutationImportance.of(model, holdout, Metric.ACCURACY, 5, 42);
 * importance.features().get(0).name();    // the column the model needs most
 * }</pre>
 *
 * @param metric what is measured
 * @param baseline the metric on the data as it is
 * @param repeats the shuffles per column
 * @param seed what seeded the shuffles: the same model, data and seed give the same result
 * @param features one per feature column of the model, highest importance first (ties: in the
 *     model's column order; undefined, {@code NaN}, last)
 */
public record PermutationImportance(Metric metric, double baseline, int repeats, long seed,
        List<FeatureImportance> features) {

    /**
     * One column's importance.
     *
     * @param name the column
     * @param importance the mean over the shuffles of the metric's drop: baseline − shuffled metric,
     *     or shuffled − baseline for log loss, where lower is better (scikit-learn's
     *     {@code neg_log_loss}); so more is always more important, and a negative value means the
     *     shuffles scored better than the data as it is
     * @param std the population standard deviation of the drop over the shuffles
     */
    public record FeatureImportance(String name, double importance, double std) {
        public FeatureImportance {
            Objects.requireNonNull(name, "name");
        }
    }

    public PermutationImportance {
        Objects.requireNonNull(metric, "metric");
        features = List.copyOf(features);
    }

    /** The default number of shuffles per column. */
    public static final int DEFAULT_REPEATS = 5;

    /**
     * Measures the permutation importance of every feature column of a model on labeled data (rows
     * without a label are left out). Costs {@code repeats} predictions of the data per column.
     *
     * @throws IllegalArgumentException if {@code repeats} is below 1
     * @throws dev.mlops.data.DataException if the data lacks a feature column, has no labeled row,
     *     or holds a label the model does not know
     */
    public static PermutationImportance of(Classifier model, LabeledData data, Metric metric, int repeats, long seed) {
        return Permutations.importance(model, data, metric, repeats, seed);
    }

    /** The importance of one column. */
    public Optional<FeatureImportance> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The JSON document of {@code mlops explain}: {@code {"method":"permutation","metric","baseline",
     * "repeats","seed","features":[{"name","importance","std"}]}}, features highest first; undefined
     * numbers are {@code null}.
     */
    public String toJson() {
        return ImportanceJson.write(this);
    }

    /**
     * Reads a document {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException when the text is not one
     */
    public static PermutationImportance fromJson(String json) {
        return ImportanceJson.read(json);
    }

    /**
     * A self-contained HTML page (no scripts, no external resources) with the importances as an
     * inline SVG bar chart.
     *
     * @param model what the page calls the model, e.g. {@code credit:3}
     */
    public String toHtml(String model) {
        return ReportHtml.write(this, model);
    }

    /** Plain text: the metric and baseline, then one line per column, highest first, with a bar of {@code #}. */
    public String toText() {
        return ImportanceJson.text(this);
    }
}
