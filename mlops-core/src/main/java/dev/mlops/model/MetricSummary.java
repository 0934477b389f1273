package dev.mlops.model;

/**
 * The mean and the standard deviation of a metric over cross-validation folds. The standard
 * deviation is the population one (divisor n, numpy's default {@code ddof=0}); folds where the
 * metric is undefined ({@code NaN}) are left out, and with none left both are {@code NaN}.
 *
 * @param mean the mean over the folds
 * @param std the population standard deviation over the folds
 * @param folds how many folds had a value
 */
public record MetricSummary(double mean, double std, int folds) {

    /** The summary of per-fold values. */
    public static MetricSummary of(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new MetricSummary(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new MetricSummary(mean, Math.sqrt(squares / n), n);
    }
}
