package dev.mlops.drift;

import dev.mlops.drift.internal.RadixSort;
import dev.mlops.drift.internal.TwoSample;

/**
 * Reusable buffers for checks of numeric features against a {@link NumericProfile}, so that
 * repeated checks allocate nothing once the buffers have grown to the largest window. Not
 * thread-safe: use one per thread. Results of the last KS call are read from here.
 *
 * <pre>{@code
 * DriftScratch scratch = new DriftScratch();
 * profile.ks(window, window.length, scratch);
 * double d = scratch.ksStatistic(), p = scratch.ksPValue();
 * }</pre>
 */
public final class DriftScratch {

    private final RadixSort sorter = new RadixSort();
    private final TwoSample.KsOutcome ks = new TwoSample.KsOutcome();
    private double[] sorted = new double[0];
    private final long[] binCounts = new long[10];
    private int missing;

    /** Scratch that grows on demand. */
    public DriftScratch() {
    }

    /** Scratch sized for windows of up to {@code capacity} values. */
    public DriftScratch(int capacity) {
        ensureCapacity(capacity);
    }

    private void ensureCapacity(int capacity) {
        if (sorted.length < capacity) {
            sorted = new double[capacity];
            sorter.ensureCapacity(capacity);
        }
    }

    /** KS statistic D of the last {@link NumericProfile#ks} call. */
    public double ksStatistic() {
        return ks.statistic;
    }

    /** KS p-value of the last {@link NumericProfile#ks} call. */
    public double ksPValue() {
        return ks.pValue;
    }

    /** Whether the last KS p-value came from the exact distribution. */
    public boolean ksExact() {
        return ks.exact;
    }

    /** Missing ({@code NaN}) values seen by the last call. */
    public int missing() {
        return missing;
    }

    /** Sorts the non-missing values into the buffer and returns how many there are. */
    int sortPresent(double[] values, int length) {
        checkLength(values, length);
        ensureCapacity(length);
        int n = sorter.sort(values, length, sorted);
        missing = length - n;
        return n;
    }

    private static void checkLength(double[] values, int length) {
        if (length < 0 || length > values.length) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + values.length);
        }
    }

    double[] sorted() {
        return sorted;
    }

    TwoSample.KsOutcome ksOutcome() {
        return ks;
    }

    long[] binCounts(int bins) {
        java.util.Arrays.fill(binCounts, 0, bins, 0L);
        return binCounts;
    }

    void setMissing(int value) {
        missing = value;
    }
}
