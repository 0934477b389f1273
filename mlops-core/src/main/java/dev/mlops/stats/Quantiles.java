package dev.mlops.stats;

/** Quantiles of sorted samples with numpy's conventions. */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * numpy's default ({@code method='linear'}) quantile of the first {@code length} values of a
     * sorted array, as {@code numpy.quantile(values, p)}: the virtual index (n − 1)·p between the
     * order statistics a and b around it, interpolated from the nearer end as numpy does
     * (a + (b − a)·γ for γ &lt; 0.5, b − (b − a)·(1 − γ) otherwise, γ the fractional part).
     * The percentile q of numpy is the quantile q/100. Allocates nothing.
     *
     * @param sorted ascending values without NaN
     * @param p      the probability, in [0, 1]
     * @throws IllegalArgumentException if {@code length} is not in 1..sorted.length or p is not in
     *                                  [0, 1]
     */
    public static double linear(double[] sorted, int length, double p) {
        if (length < 1 || length > sorted.length) {
            throw new IllegalArgumentException("length must be in 1.." + sorted.length + ", was " + length);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + p);
        }
        double position = p * (length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, length - 1);
        double gamma = position - below;
        double a = sorted[below];
        double b = sorted[above];
        double difference = b - a;
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
    }
}
