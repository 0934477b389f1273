package dev.mlops.drift.internal;

import dev.mlops.stats.Quantiles;

/**
 * Binned distances with the documented conventions. Numeric bins come from the reference's
 * deciles: numpy's default ({@code method='linear'}) quantiles at k/10, k = 1..9, duplicate
 * edges merged; bin i holds the values v with e_i &lt; v ≤ e_{i+1} (outer bins open), so the bin of
 * v is the number of edges strictly below v.
 */
public final class Binning {

    /** Proportion that replaces an empty bin in PSI. */
    public static final double PSI_FLOOR = 1e-4;

    private Binning() {
    }

    /**
     * Decile edges of a sorted, NaN-free, non-empty sample: numpy's linear quantiles at
     * 0.1 .. 0.9 ({@link Quantiles#linear}), with exact duplicates merged.
     */
    public static double[] decileEdges(double[] sorted, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("no values to take deciles of");
        }
        double[] edges = new double[9];
        int count = 0;
        for (int k = 1; k <= 9; k++) {
            double edge = Quantiles.linear(sorted, n, k / 10.0);
            if (count == 0 || edge != edges[count - 1]) {
                edges[count++] = edge;
            }
        }
        return java.util.Arrays.copyOf(edges, count);
    }

    /** The bin of a value: the number of edges strictly below it (edges ascending). */
    public static int binOf(double value, double[] edges) {
        int bin = 0;
        for (double edge : edges) {
            bin += value > edge ? 1 : 0;
        }
        return bin;
    }

    /**
     * Adds the bin counts of {@code values[0..length)} to {@code counts} (length edges+1) and
     * returns the number of NaN (missing) values, which are not binned. {@link BinIndex} does the
     * same in constant time per value for repeated use of the same edges.
     */
    public static int countBins(double[] values, int length, double[] edges, long[] counts) {
        int missing = 0;
        for (int i = 0; i < length; i++) {
            double v = values[i];
            if (v != v) {
                missing++;
                continue;
            }
            counts[binOf(v, edges)]++;
        }
        return missing;
    }

    /**
     * Population stability index Σ (c_i - r_i) ln(c_i / r_i) over proportions from counts, each
     * zero proportion replaced by {@link #PSI_FLOOR}, without renormalization.
     */
    public static double psi(long[] referenceCounts, long referenceTotal, long[] currentCounts,
                             long currentTotal, int bins) {
        double sum = 0.0;
        for (int i = 0; i < bins; i++) {
            double r = floor((double) referenceCounts[i] / referenceTotal);
            double c = floor((double) currentCounts[i] / currentTotal);
            sum += (c - r) * Math.log(c / r);
        }
        return sum;
    }

    private static double floor(double proportion) {
        return proportion == 0.0 ? PSI_FLOOR : proportion;
    }

    /**
     * Jensen-Shannon distance with base-2 logarithms between the two count vectors, each
     * normalized to proportions (as scipy's {@code jensenshannon(p, q, base=2)}); in [0, 1].
     */
    public static double jensenShannon(long[] referenceCounts, long referenceTotal, long[] currentCounts,
                                       long currentTotal, int bins) {
        double sumP = 0.0;
        double sumQ = 0.0;
        for (int i = 0; i < bins; i++) {
            sumP += (double) referenceCounts[i] / referenceTotal;
            sumQ += (double) currentCounts[i] / currentTotal;
        }
        double divergence = 0.0;
        for (int i = 0; i < bins; i++) {
            double p = (double) referenceCounts[i] / referenceTotal / sumP;
            double q = (double) currentCounts[i] / currentTotal / sumQ;
            double m = (p + q) / 2.0;
            divergence += relativeEntropy(p, m) + relativeEntropy(q, m);
        }
        double js = divergence / 2.0 / Math.log(2.0);
        // rounding can leave a tiny negative sum for identical inputs
        return Math.min(1.0, Math.sqrt(Math.max(0.0, js)));
    }

    private static double relativeEntropy(double p, double m) {
        return p > 0 ? p * Math.log(p / m) : 0.0;
    }
}
