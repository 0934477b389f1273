package dev.mlops.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;

/** Tests of two classifiers (or treatments) judged on the same rows. */
public final class PairedTests {

    private PairedTests() {
    }

    /**
     * The exact (binomial) two-sided McNemar p-value for {@code b} rows only the first got right
     * and {@code c} rows only the second got right: min(1, 2·P(X ≤ min(b, c))) with
     * X ~ Binomial(b + c, 1/2); 1 when b + c = 0. Equals
     * {@code scipy.stats.binomtest(b, b + c, 0.5).pvalue}.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public static double mcnemarExact(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must not be negative: " + b + ", " + c);
        }
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        double tail = new BinomialDistribution(null, n, 0.5).cumulativeProbability(Math.min(b, c));
        return Math.min(1.0, 2 * tail);
    }
}
