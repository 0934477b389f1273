package dev.mlops.routing;

/**
 * The sample-ratio-mismatch check: are units spread over the variants as the shares say? A
 * mismatch means the assignment or the logging is broken, and no verdict can be trusted.
 *
 * @param statistic        Pearson's chi-square over the variants with a positive share
 * @param pValue           its upper-tail probability with (variants − 1) degrees of freedom
 * @param degreesOfFreedom variants with a positive share, minus one
 * @param unexpectedUnits  units seen in variants whose share is 0
 * @param mismatch         p below {@link #THRESHOLD}, or units where no units should be
 */
public record SampleRatioCheck(double statistic, double pValue, int degreesOfFreedom, long unexpectedUnits, boolean mismatch) {

    /** The p-value below which the ratio is a mismatch. */
    public static final double THRESHOLD = 0.001;
}
