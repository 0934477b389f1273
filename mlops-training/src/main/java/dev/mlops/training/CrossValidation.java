package dev.mlops.training;

import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Metric;
import dev.mlops.model.MetricSummary;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Stratified k-fold cross-validation on the training part: the metrics of each fold (a model fit
 * on the other folds, evaluated on this one) and their summaries.
 *
 * @param folds the number of folds
 * @param perFold each fold's metrics, in fold order
 */
public record CrossValidation(int folds, List<ClassificationMetrics> perFold) {

    public CrossValidation {
        perFold = List.copyOf(perFold);
        if (perFold.size() != folds) {
            throw new IllegalArgumentException(folds + " folds but " + perFold.size() + " results");
        }
    }

    /** The mean and standard deviation of one metric over the folds. */
    public MetricSummary summary(Metric metric) {
        return MetricSummary.of(perFold.stream().mapToDouble(m -> m.get(metric)).toArray());
    }

    /** Every metric's summary, in {@link Metric} order. */
    public Map<Metric, MetricSummary> summaries() {
        Map<Metric, MetricSummary> map = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            map.put(metric, summary(metric));
        }
        return map;
    }
}
