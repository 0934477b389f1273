package dev.mlops.validation.internal;

import dev.mlops.model.Metric;
import dev.mlops.model.Outcomes;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;

/** The significance tests of champion/challenger comparisons. */
public final class Statistics {

    private Statistics() {
    }

    /**
     * The exact (binomial) two-sided McNemar p-value for {@code b} rows only the challenger got
     * right and {@code c} rows only the champion got right: min(1, 2·P(X ≤ min(b, c))) with
     * X ~ Binomial(b + c, 1/2); 1 when b + c = 0. Equals scipy.stats.binomtest(b, b + c, 0.5).pvalue.
     */
    public static double mcnemarExact(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        double tail = new BinomialDistribution(null, n, 0.5).cumulativeProbability(Math.min(b, c));
        return Math.min(1.0, 2 * tail);
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
     * returns the percentiles {@code 50·alpha} and {@code 100 − 50·alpha} of the differences.
     * Resamples where either metric is undefined are left out.
     */
    public static Interval pairedBootstrap(Outcomes challenger, Outcomes champion, Metric metric, int resamples,
            double alpha, long seed) {
        int n = challenger.actual().length;
        SplittableRandom random = new SplittableRandom(seed);
        int[][] indices = new int[resamples][n];
        for (int[] sample : indices) {
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
        }
        return pairedBootstrap(challenger, champion, metric, indices, alpha);
    }

    /** {@link #pairedBootstrap(Outcomes, Outcomes, Metric, int, double, long)} on given resamples. */
    public static Interval pairedBootstrap(Outcomes challenger, Outcomes champion, Metric metric, int[][] indices,
            double alpha) {
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
        double[] sorted = Arrays.copyOf(differences, used);
        Arrays.sort(sorted);
        return new Interval(observed, percentile(sorted, 50 * alpha), percentile(sorted, 100 - 50 * alpha), used);
    }

    /**
     * numpy's default ("linear") percentile of sorted values: position q/100·(n − 1), interpolated
     * between its neighbours the way numpy does it.
     *
     * @param q 0 to 100
     */
    public static double percentile(double[] sorted, double q) {
        double position = q / 100 * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double t = position - below;
        double a = sorted[below];
        double b = sorted[above];
        double difference = b - a;
        // numpy interpolates from the nearer end
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
    }
}
