package dev.mlops.drift.internal;

/**
 * Least-significant-digit radix sort of doubles on order-preserving 64-bit keys, in caller-owned
 * scratch buffers, so that sorting a window allocates nothing. NaN values (missing) are skipped
 * while the keys are built. Passes whose digit is the same for every key (common for
 * integer-valued or narrow-range data) are skipped.
 *
 * <p>Keys compare as signed longs in the order of their doubles; -0.0 and 0.0 get the same key
 * (they compare equal, as in numpy). After the sorted keys comes a sentinel
 * {@link #SENTINEL} larger than every key, so merges need no bounds checks.
 */
public final class RadixSort {

    /** Larger than the key of every double that is not NaN. */
    public static final long SENTINEL = Long.MAX_VALUE;

    private static final int DIGIT_BITS = 11;
    private static final int RADIX = 1 << DIGIT_BITS;
    private static final int PASSES = (64 + DIGIT_BITS - 1) / DIGIT_BITS;

    private long[] keys = new long[1];
    private long[] buffer = new long[1];
    private final int[] counts = new int[PASSES * RADIX];

    /** Grows the scratch buffers to hold at least {@code capacity} values and the sentinel. */
    public void ensureCapacity(int capacity) {
        if (keys.length < capacity + 1) {
            keys = new long[capacity + 1];
            buffer = new long[capacity + 1];
        }
    }

    /**
     * Sorts the keys of the non-NaN values among {@code values[0..length)}; returns how many there
     * are. The sorted keys are then {@code keys()[0..count)}, followed by the sentinel.
     */
    public int sortKeys(double[] values, int length) {
        ensureCapacity(length);
        long[] source = keys;
        java.util.Arrays.fill(counts, 0);
        int n = 0;
        for (int i = 0; i < length; i++) {
            double v = values[i];
            long key = toKey(v);
            source[n] = key;
            n += v == v ? 1 : 0;  // branch-free skip of NaN
        }
        for (int i = 0; i < n; i++) {
            long unsigned = source[i] ^ Long.MIN_VALUE;
            for (int pass = 0; pass < PASSES; pass++) {
                counts[pass * RADIX + (int) ((unsigned >>> (pass * DIGIT_BITS)) & (RADIX - 1))]++;
            }
        }
        long[] target = buffer;
        for (int pass = 0; pass < PASSES; pass++) {
            int base = pass * RADIX;
            int shift = pass * DIGIT_BITS;
            if (n == 0 || counts[base + (int) (((source[0] ^ Long.MIN_VALUE) >>> shift) & (RADIX - 1))] == n) {
                continue;
            }
            int running = 0;
            for (int digit = 0; digit < RADIX; digit++) {
                int count = counts[base + digit];
                counts[base + digit] = running;
                running += count;
            }
            for (int i = 0; i < n; i++) {
                long key = source[i];
                int slot = base + (int) (((key ^ Long.MIN_VALUE) >>> shift) & (RADIX - 1));
                target[counts[slot]++] = key;
            }
            long[] swap = source;
            source = target;
            target = swap;
        }
        source[n] = SENTINEL;
        keys = source;
        buffer = target;
        return n;
    }

    /** The buffer holding the sorted keys of the last {@link #sortKeys} call. */
    public long[] keys() {
        return keys;
    }

    /**
     * Writes {@code values[0..length)}'s non-NaN values in ascending order to {@code out} and
     * returns how many there are.
     */
    public int sort(double[] values, int length, double[] out) {
        int n = sortKeys(values, length);
        for (int i = 0; i < n; i++) {
            out[i] = fromKey(keys[i]);
        }
        return n;
    }

    /** The signed-comparable key of a double (-0.0 mapped to 0.0). */
    public static long toKey(double value) {
        long bits = Double.doubleToRawLongBits(value + 0.0);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The double of a key. */
    public static double fromKey(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** Keys of sorted values followed by the sentinel, for use as the fixed side of merges. */
    public static long[] keysOfSorted(double[] sorted) {
        long[] result = new long[sorted.length + 1];
        for (int i = 0; i < sorted.length; i++) {
            result[i] = toKey(sorted[i]);
        }
        result[sorted.length] = SENTINEL;
        return result;
    }
}
