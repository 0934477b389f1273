package dev.mlops.routing;

import dev.mlops.stats.ChiSquareTests;

/** The sample-ratio check of an experiment; the tests themselves are in {@code dev.mlops.stats}. */
public final class Statistics {

    private Statistics() {
    }

    /**
     * The sample-ratio-mismatch check: Pearson's chi-square of the observed units against
     * {@code shares · total} over the variants with a positive share
     * ({@link ChiSquareTests#goodnessOfFit}, as {@code scipy.stats.chisquare(observed, expected)}),
     * upper-tail p-value with (variants − 1) degrees of freedom. Units in variants whose share is
     * 0 are counted as unexpected and make a mismatch on their own.
     *
     * @param units  units per variant
     * @param shares expected share per variant (normalized here)
     * @throws IllegalArgumentException if the arrays differ in length, a count or share is
     *                                  negative, or no share is positive
     */
    public static SampleRatioCheck sampleRatio(long[] units, double[] shares) {
        double[] fit = new double[3];
        ChiSquareTests.goodnessOfFit(units, shares, fit);
        long unexpected = 0;
        for (int i = 0; i < units.length; i++) {
            if (shares[i] == 0) {
                unexpected += units[i];
            }
        }
        return new SampleRatioCheck(fit[0], fit[1], (int) fit[2], unexpected, fit[1] < SampleRatioCheck.THRESHOLD || unexpected > 0);
    }
}
