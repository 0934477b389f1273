package dev.mlops.drift;

import dev.mlops.data.FeatureType;
import dev.mlops.drift.internal.BinIndex;
import dev.mlops.drift.internal.Binning;
import dev.mlops.drift.internal.TwoSample;
import java.util.Arrays;

/**
 * Reference profile of a numeric feature: the sorted non-missing values (for exact KS and
 * Wasserstein), the decile bin edges and per-bin counts (for PSI and JS), counts and moments.
 */
public final class NumericProfile implements FeatureProfile {

    private final String name;
    private final long count;
    private final double[] sorted;
    private final double[] edges;
    private final long[] binCounts;
    private final double[] padded;
    private final BinIndex binIndex;
    private final double mean;
    private final double standardDeviation;

    private NumericProfile(String name, long count, double[] sorted) {
        this.name = name;
        this.count = count;
        this.sorted = sorted;
        if (sorted.length == 0) {
            this.edges = new double[0];
            this.binCounts = new long[] {0};
            this.binIndex = null;
        } else {
            this.edges = Binning.decileEdges(sorted, sorted.length);
            this.binCounts = new long[edges.length + 1];
            Binning.countBins(sorted, sorted.length, edges, binCounts);
            this.binIndex = new BinIndex(edges);
        }
        this.padded = TwoSample.padded(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        this.mean = sorted.length == 0 ? 0.0 : sum / sorted.length;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        this.standardDeviation = sorted.length == 0 ? 0.0 : Math.sqrt(squares / sorted.length);
    }

    /**
     * Profiles values ({@code NaN} = missing).
     *
     * @throws IllegalArgumentException if a value is infinite or the name is blank
     */
    public static NumericProfile of(String name, double[] values) {
        requireName(name);
        double[] present = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("feature '" + name + "' has an infinite value");
            }
            if (!Double.isNaN(v)) {
                present[n++] = v + 0.0;  // -0.0 and 0.0 are one value
            }
        }
        double[] sorted = Arrays.copyOf(present, n);
        Arrays.sort(sorted);
        return new NumericProfile(name, values.length, sorted);
    }

    /**
     * Restores a profile from stored parts (as written by {@link ReferenceProfile#toJson()}).
     *
     * @throws IllegalArgumentException if the values are not sorted, not finite, or more than
     *                                  {@code count}
     */
    public static NumericProfile restore(String name, long count, double[] sortedValues) {
        requireName(name);
        double[] sorted = sortedValues.clone();
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] += 0.0;  // -0.0 and 0.0 are one value
            if (!Double.isFinite(sorted[i]) || (i > 0 && sorted[i] < sorted[i - 1])) {
                throw new IllegalArgumentException("feature '" + name + "': values must be finite and ascending");
            }
        }
        if (count < sorted.length) {
            throw new IllegalArgumentException("feature '" + name + "': count " + count + " < " + sorted.length + " values");
        }
        return new NumericProfile(name, count, sorted);
    }

    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("feature name must not be blank");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FeatureType type() {
        return FeatureType.NUMERIC;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long missing() {
        return count - sorted.length;
    }

    /** A copy of the sorted non-missing reference values. */
    public double[] sortedValues() {
        return sorted.clone();
    }

    /** A copy of the merged decile edges (at most nine, ascending; empty without values). */
    public double[] edges() {
        return edges.clone();
    }

    /** Reference proportion per bin (edges + 1 bins), over non-missing values. */
    public double[] binProportions() {
        double[] proportions = new double[binCounts.length];
        for (int i = 0; i < proportions.length; i++) {
            proportions[i] = sorted.length == 0 ? 0.0 : (double) binCounts[i] / sorted.length;
        }
        return proportions;
    }

    /** Mean of the non-missing values, 0 without values. */
    public double mean() {
        return mean;
    }

    /** Population standard deviation of the non-missing values, 0 without values. */
    public double standardDeviation() {
        return standardDeviation;
    }

    /**
     * Two-sample KS test of {@code current[0..length)} ({@code NaN} = missing) against the
     * reference; the statistic and p-value are left in {@code scratch}. Allocation-free once the
     * scratch has grown to {@code length}.
     *
     * @throws IllegalArgumentException if either side has no non-missing value
     */
    public void ks(double[] current, int length, DriftScratch scratch) {
        int n = scratch.sortPresent(current, length);
        requireValues(n);
        TwoSample.ksPadded(padded, sorted.length, scratch.sorted(), n, scratch.ksOutcome());
    }

    /**
     * Population stability index of {@code current[0..length)} on the reference decile bins
     * (zero proportions floored at 1e-4, no renormalization). Allocation-free.
     *
     * @throws IllegalArgumentException if either side has no non-missing value
     */
    public double psi(double[] current, int length, DriftScratch scratch) {
        long[] counts = scratch.binCounts(binCounts.length);
        int missingCount = countBins(current, length, counts);
        scratch.setMissing(missingCount);
        requireValues(length - missingCount);
        return Binning.psi(binCounts, sorted.length, counts, length - missingCount, binCounts.length);
    }

    /**
     * Jensen-Shannon distance (base 2) of {@code current[0..length)} on the reference decile
     * bins, in [0, 1]. Allocation-free.
     *
     * @throws IllegalArgumentException if either side has no non-missing value
     */
    public double jensenShannon(double[] current, int length, DriftScratch scratch) {
        long[] counts = scratch.binCounts(binCounts.length);
        int missingCount = countBins(current, length, counts);
        scratch.setMissing(missingCount);
        requireValues(length - missingCount);
        return Binning.jensenShannon(binCounts, sorted.length, counts, length - missingCount, binCounts.length);
    }

    /**
     * First Wasserstein distance between the reference and {@code current[0..length)}, in the
     * feature's units. Allocation-free once the scratch has grown.
     *
     * @throws IllegalArgumentException if either side has no non-missing value
     */
    public double wasserstein(double[] current, int length, DriftScratch scratch) {
        int n = scratch.sortPresent(current, length);
        requireValues(n);
        return TwoSample.wasserstein(sorted, sorted.length, scratch.sorted(), n);
    }

    /** Bin counts of values (NaN skipped) on the reference edges; returns the NaN count. */
    int countBins(double[] values, int length, long[] counts) {
        if (binIndex == null) {
            int missing = 0;
            for (int i = 0; i < length; i++) {
                missing += Double.isNaN(values[i]) ? 1 : 0;
            }
            return missing;
        }
        return binIndex.count(values, length, counts);
    }

    private void requireValues(int currentPresent) {
        if (sorted.length == 0 || currentPresent == 0) {
            throw new IllegalArgumentException("feature '" + name + "' needs a non-missing value on both sides (reference "
                + sorted.length + ", current " + currentPresent + ")");
        }
    }

    double[] sortedView() {
        return sorted;
    }

    double[] edgesView() {
        return edges;
    }

    long[] binCountsView() {
        return binCounts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericProfile other && name.equals(other.name) && count == other.count
            && Arrays.equals(sorted, other.sorted);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return "NumericProfile[" + name + ", count=" + count + ", missing=" + missing() + "]";
    }
}
