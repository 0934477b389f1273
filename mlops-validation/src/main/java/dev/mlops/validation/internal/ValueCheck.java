package dev.mlops.validation.internal;

import dev.mlops.model.Metric;
import dev.mlops.validation.Check;
import java.util.List;

/**
 * A metric at least (or at most) a threshold.
 *
 * @param metric the metric
 * @param threshold the bound
 * @param atLeast true for a minimum, false for a maximum
 */
public record ValueCheck(Metric metric, double threshold, boolean atLeast) implements CheckRunner {

    @Override
    public List<Check> run(Evaluation evaluation) {
        double value = evaluation.metrics().get(metric);
        boolean passed = atLeast ? value >= threshold : value <= threshold;
        String[] shown = Numbers.pair(value, threshold);
        String relation = passed ? (atLeast ? " ≥ " : " ≤ ") : (atLeast ? " < " : " > ");
        String detail = Double.isNaN(value)
                ? metric.displayName() + " is undefined on these rows (needed " + (atLeast ? "≥ " : "≤ ") + shown[1] + ")"
                : metric.displayName() + " " + shown[0] + relation + shown[1];
        return List.of(new Check(metric.jsonName() + (atLeast ? ".min" : ".max"), value, threshold, passed, detail));
    }
}
