package dev.mlops.validation.internal;

import dev.mlops.model.Metric;
import dev.mlops.model.Outcomes;
import dev.mlops.stats.PairedTests;
import dev.mlops.validation.Check;
import java.util.List;

/**
 * Whether the model differs significantly from the champion on the same rows. Accuracy uses the
 * exact McNemar test on the rows where exactly one of the two is right; other metrics a paired
 * bootstrap percentile interval of (model − champion) at level 1 − alpha.
 *
 * <p>With {@code requireImprovement} the check passes only when the model is significantly better
 * (McNemar: more rows only the model gets right and p &lt; alpha; bootstrap: the interval lies
 * entirely on the better side of 0). Without it, the check passes unless the model is significantly
 * worse.
 *
 * @param metric the metric compared
 * @param alpha the significance level, e.g. 0.05
 * @param requireImprovement significantly better (true) or not significantly worse (false)
 */
public record SignificanceCheck(Metric metric, double alpha, boolean requireImprovement)
        implements CheckRunner {

    @Override
    public List<Check> run(Evaluation evaluation) {
        Evaluation.Side champion = evaluation.requireChampion();
        return List.of(metric == Metric.ACCURACY ? mcnemar(evaluation.coded(), champion.coded())
                : bootstrap(evaluation, champion));
    }

    private Check mcnemar(Outcomes model, Outcomes champion) {
        int onlyModel = 0;
        int onlyChampion = 0;
        for (int r = 0; r < model.actual().length; r++) {
            boolean modelRight = model.predicted()[r] == model.actual()[r];
            boolean championRight = champion.predicted()[r] == champion.actual()[r];
            if (modelRight && !championRight) {
                onlyModel++;
            } else if (championRight && !modelRight) {
                onlyChampion++;
            }
        }
        double p = PairedTests.mcnemarExact(onlyModel, onlyChampion);
        boolean significant = p < alpha;
        boolean better = significant && onlyModel > onlyChampion;
        boolean worse = significant && onlyChampion > onlyModel;
        boolean passed = requireImprovement ? better : !worse;
        String[] accuracies = Numbers.pair(model.value(Metric.ACCURACY), champion.value(Metric.ACCURACY));
        String detail = "accuracy " + accuracies[0] + " vs champion " + accuracies[1] + ": " + onlyModel
                + " rows only the model got right, " + onlyChampion + " only the champion; exact McNemar p = "
                + Numbers.format(p, 4) + (significant ? " < " : " ≥ ") + Numbers.plain(alpha) + ": "
                + verdict(better, worse);
        return new Check(name(), p, alpha, passed, detail);
    }

    private Check bootstrap(Evaluation evaluation, Evaluation.Side champion) {
        Bootstrap.Interval interval = Bootstrap.paired(evaluation.coded(), champion.coded(), metric,
                evaluation.resamples(), alpha, evaluation.seed());
        boolean up = metric.higherIsBetter();
        // "better" is above 0 for most metrics, below 0 for log loss
        boolean better = up ? interval.lower() > 0 : interval.upper() < 0;
        boolean worse = up ? interval.upper() < 0 : interval.lower() > 0;
        boolean passed = requireImprovement ? better : !worse && interval.resamples() > 0;
        double value = requireImprovement == up ? interval.lower() : interval.upper();
        String[] values = Numbers.pair(evaluation.metrics().get(metric), champion.metrics().get(metric));
        String detail = metric.displayName() + " difference " + Numbers.signed(interval.observed()) + " (model "
                + values[0] + ", champion " + values[1] + "), " + Numbers.plain(100 * (1 - alpha)) + "% CI ["
                + Numbers.signed(interval.lower()) + ", " + Numbers.signed(interval.upper()) + "] from "
                + interval.resamples() + " paired resamples: " + verdict(better, worse);
        return new Check(name(), value, 0, passed, detail);
    }

    private String verdict(boolean better, boolean worse) {
        String verdict = better ? "significantly better" : worse ? "significantly worse" : "no significant difference";
        return verdict + (requireImprovement ? " (a significant improvement is required)"
                : " (a significant loss is refused)");
    }

    /** {@code accuracy.mcnemar}, or {@code METRIC.bootstrap} for the other metrics. */
    private String name() {
        return metric == Metric.ACCURACY ? "accuracy.mcnemar" : metric.jsonName() + ".bootstrap";
    }

    @Override
    public List<String> championChecks() {
        return List.of(name());
    }
}
