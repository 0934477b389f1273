package dev.mlops.validation.internal;

import dev.mlops.model.Metric;
import dev.mlops.validation.Check;
import java.util.List;

/**
 * The model beats the champion by at least {@code delta} on a metric: absolutely (value ≥
 * champion + delta) or relatively (value ≥ champion × (1 + delta)); for log loss, where lower is
 * better, value ≤ champion − delta or ≤ champion × (1 − delta). A negative delta tolerates that
 * much loss.
 *
 * @param metric the metric
 * @param delta the improvement required
 * @param relative whether {@code delta} is a fraction of the champion's value
 */
public record ImprovementCheck(Metric metric, double delta, boolean relative) implements CheckRunner {

    @Override
    public List<Check> run(Evaluation evaluation) {
        Evaluation.Side champion = evaluation.requireChampion();
        double value = evaluation.metrics().get(metric);
        double base = champion.metrics().get(metric);
        double sign = metric.higherIsBetter() ? 1 : -1;
        double bar = relative ? base * (1 + sign * delta) : base + sign * delta;
        boolean passed = metric.higherIsBetter() ? value >= bar : value <= bar;
        String[] shown = Numbers.pair(value, base);
        String relation = metric.higherIsBetter() ? (passed ? " ≥ " : " < ") : (passed ? " ≤ " : " > ");
        String change = relative ? " × " + Numbers.plain(1 + sign * delta)
                : (sign * delta >= 0 ? " + " : " − ") + Numbers.plain(Math.abs(delta));
        String detail = Double.isNaN(value) || Double.isNaN(base)
                ? metric.displayName() + " is undefined for the model or the champion (" + shown[0] + " vs " + shown[1] + ")"
                : metric.displayName() + " " + shown[0] + relation + "champion " + shown[1] + change;
        return List.of(new Check(name(), value, bar, passed, detail));
    }

    private String name() {
        return metric.jsonName() + (relative ? ".relativeImprovement" : ".improvement");
    }

    @Override
    public List<String> championChecks() {
        return List.of(name());
    }
}
