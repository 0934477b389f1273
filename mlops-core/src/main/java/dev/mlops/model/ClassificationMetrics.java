package dev.mlops.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Classification metrics of predictions against actual labels, with scikit-learn's definitions
 * (agreement to 1e-9 is tested against values scikit-learn 1.2 computed on the same predictions).
 *
 * <ul>
 *   <li><b>Binary</b> (two labels): precision, recall and F1 are those of the positive class; AUC
 *       ranks rows by the probability of the positive class (ties count one half).</li>
 *   <li><b>Multiclass</b>: precision, recall and F1 are unweighted means over the labels that occur
 *       among the actual or the predicted labels (F1 is the mean of per-class F1, not the F1 of the
 *       means); AUC is the unweighted mean of one-vs-rest AUCs.</li>
 *   <li>A ratio whose denominator is zero (precision without positive predictions, ...) is 0.</li>
 *   <li>AUC is undefined ({@code NaN}) unless every label occurs among the actual labels.</li>
 *   <li>Log loss: probabilities are clipped to [1e-15, 1 − 1e-15], each row is divided by its sum,
 *       and the loss is the mean of −ln p(actual label).</li>
 * </ul>
 *
 * @param labels the labels in the model's order
 * @param positiveClass the positive class of a binary problem; empty for multiclass
 * @param rows how many rows were evaluated
 * @param accuracy fraction of correct predictions
 * @param precision see above
 * @param recall see above
 * @param f1 see above
 * @param auc see above; {@code NaN} when undefined
 * @param logLoss see above, in nats
 * @param confusionMatrix counts by actual and predicted label
 */
public record ClassificationMetrics(
        List<String> labels,
        Optional<String> positiveClass,
        int rows,
        double accuracy,
        double precision,
        double recall,
        double f1,
        double auc,
        double logLoss,
        ConfusionMatrix confusionMatrix) {

    public ClassificationMetrics {
        labels = List.copyOf(labels);
        Objects.requireNonNull(positiveClass, "positiveClass");
        Objects.requireNonNull(confusionMatrix, "confusionMatrix");
    }

    /**
     * Computes the metrics.
     *
     * @param labels the model's labels (at least two); {@code probabilities} columns follow them
     * @param positiveClass required for two labels, must be empty for more
     * @param actual the actual label of each row
     * @param predicted the predicted label of each row
     * @param probabilities per row, the probability of each label
     * @throws IllegalArgumentException if the arguments disagree in length, or name unknown labels
     */
    public static ClassificationMetrics compute(List<String> labels, Optional<String> positiveClass,
            List<String> actual, List<String> predicted, double[][] probabilities) {
        return MetricMath.compute(labels, positiveClass, actual, predicted, probabilities);
    }

    /**
     * Computes the metrics of a model's predictions; the labels and the positive class are the model's.
     *
     * @param actual the actual label of each predicted row, in the same order
     * @throws IllegalArgumentException if the sizes differ or an actual label is not one of the model's
     */
    public static ClassificationMetrics of(Predictions predictions, List<String> actual) {
        return compute(predictions.labels(), predictions.positiveClass(), actual,
                predictions.predictedLabels(), predictions.probabilityMatrix());
    }

    /** The value of one metric. */
    public double get(Metric metric) {
        return switch (metric) {
            case ACCURACY -> accuracy;
            case PRECISION -> precision;
            case RECALL -> recall;
            case F1 -> f1;
            case AUC -> auc;
            case LOG_LOSS -> logLoss;
        };
    }

    /** Every metric by its JSON name ({@code accuracy, precision, recall, f1, auc, logLoss}), in that order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            map.put(metric.jsonName(), get(metric));
        }
        return map;
    }
}
