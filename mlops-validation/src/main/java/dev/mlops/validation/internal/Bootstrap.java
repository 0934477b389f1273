package dev.mlops.validation.internal;

import dev.mlops.model.Metric;
import dev.mlops.model.Outcomes;
import dev.mlops.stats.Quantiles;
import java.util.Arrays;
import java.util.SplittableRandom;

/** The paired bootstrap of a metric difference between two models judged on the same rows. */
public final class Bootstrap {

    private Bootstrap() {
    }

    /**
     * A paired bootstrap percentile interval of a metric difference.
     *
     * @param observed challenger minus champion on all rows
     * @param lower the lower percentile of the resampled differences
     * @param upper the upper percentile
     * @param resamples the resamples where both metrics were defined
     */
    public record Interval(double observed, double lower, double upper, int resamples) {
    }

    /**
     * Resamples the rows with replacement {@code resamples} times (indices drawn by
     * {@link SplittableRandom} with the seed), computes challenger minus champion on each, and
     * returns numpy's linear percentiles {@code 50·alpha} and {@code 100 − 50·alpha} of the
     * differences ({@link Quantiles#linear}). Resamples where either metric is undefined are left
     * out.
     */
    public static Interval paired(Outcomes challenger, Outcomes champion, Metric metric, int resamples, double alpha,
            long seed) {
        int n = challenger.actual().length;
        SplittableRandom random = new SplittableRandom(seed);
        int[][] indices = new int[resamples][n];
        for (int[] sample : indices) {
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
        }
        return paired(challenger, champion, metric, indices, alpha);
    }

    /** {@link #paired(Outcomes, Outcomes, Metric, int, double, long)} on given resamples. */
    public static Interval paired(Outcomes challenger, Outcomes champion, Metric metric, int[][] indices, double alpha) {
        double[] differences = new double[indices.length];
        int used = 0;
        for (int[] sample : indices) {
            double d = challenger.rows(sample).value(metric) - champion.rows(sample).value(metric);
            if (!Double.isNaN(d)) {
                differences[used++] = d;
            }
        }
        double observed = challenger.value(metric) - champion.value(metric);
        if (used == 0) {
            return new Interval(observed, Double.NaN, Double.NaN, 0);
        }
        Arrays.sort(differences, 0, used);
        return new Interval(observed, Quantiles.linear(differences, used, 50 * alpha / 100),
                Quantiles.linear(differences, used, (100 - 50 * alpha) / 100), used);
    }
}
