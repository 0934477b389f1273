package dev.mlops.validation.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Metric;
import dev.mlops.validation.Check;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How much a metric drops when the evaluation data is perturbed: Gaussian noise of {@code level}
 * standard deviations on each numeric feature ({@link Kind#NOISE}), or each feature cell missing
 * with probability {@code level} ({@link Kind#MISSING}). The metric is averaged over
 * {@code repeats} seeded perturbations; the drop (baseline − perturbed, or the rise of log loss)
 * must not exceed {@code maxDrop}.
 *
 * @param kind noise or missing values
 * @param level sigma in standard deviations, or the missing rate
 * @param metric the metric watched
 * @param maxDrop the largest acceptable drop
 * @param repeats perturbations averaged
 */
public record RobustnessCheck(Kind kind, double level, Metric metric, double maxDrop, int repeats) implements CheckRunner {

    /** What is done to the data. */
    public enum Kind {
        /** Gaussian noise scaled to each numeric feature's standard deviation. */
        NOISE,
        /** Randomly missing feature cells. */
        MISSING
    }

    @Override
    public List<Check> run(Evaluation evaluation) {
        String name = "robustness." + (kind == Kind.NOISE ? "noise." : "missing.") + metric.jsonName();
        double baseline = evaluation.metrics().get(metric);
        // a stream of its own per kind, so adding one check does not change the other's draws
        SplittableRandom random = new SplittableRandom(evaluation.seed() ^ (kind == Kind.NOISE ? 0x6E6F697365L : 0x6D697373L));
        double sum = 0;
        for (int i = 0; i < repeats; i++) {
            DataTable perturbed = kind == Kind.NOISE
                    ? Perturbations.noise(evaluation.table(), evaluation.model().featureColumns(), level, random)
                    : Perturbations.missing(evaluation.table(), evaluation.model().featureColumns(), level, random);
            try {
                sum += ClassificationMetrics.of(evaluation.model().predict(perturbed, evaluation.source()),
                        evaluation.actual()).get(metric);
            } catch (DataException e) {
                return List.of(new Check(name, Double.NaN, maxDrop, false, "the model cannot predict the perturbed data: "
                        + e.getMessage()));
            }
        }
        double perturbedValue = sum / repeats;
        double drop = metric.higherIsBetter() ? baseline - perturbedValue : perturbedValue - baseline;
        boolean passed = drop <= maxDrop;
        String what = kind == Kind.NOISE
                ? "Gaussian noise of " + Numbers.plain(level) + " standard deviations on "
                        + Perturbations.numericColumns(evaluation.table(), evaluation.model().featureColumns()) + " numeric columns"
                : Numbers.plain(100 * level) + "% of the feature cells missing";
        String[] drops = Numbers.pair(drop, maxDrop);
        String detail = metric.displayName() + " " + Numbers.format(baseline) + " → " + Numbers.format(perturbedValue)
                + " with " + what + " (mean of " + repeats + "): " + (metric.higherIsBetter() ? "drop " : "rise ")
                + drops[0] + (passed ? " ≤ " : " > ") + drops[1];
        return List.of(new Check(name, drop, maxDrop, passed, detail));
    }
}
