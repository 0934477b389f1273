package dev.mlops.drift.internal;

/**
 * Least-significant-digit radix sort of doubles on their order-preserving 64-bit keys, in
 * caller-owned scratch buffers, so that sorting a window allocates nothing. Passes whose digit is
 * the same for every key (common for integer-valued or narrow-range data) are skipped.
 *
 * <p>NaN must not be present; -0.0 sorts as 0.0 (the two compare equal, as in numpy).
 */
public final class RadixSort {

    private static final int DIGIT_BITS = 11;
    private static final int RADIX = 1 << DIGIT_BITS;
    private static final int PASSES = (64 + DIGIT_BITS - 1) / DIGIT_BITS;

    private long[] keys = new long[0];
    private long[] buffer = new long[0];
    private final int[] counts = new int[PASSES * RADIX];

    /** Grows the scratch buffers to hold at least {@code capacity} values. */
    public void ensureCapacity(int capacity) {
        if (keys.length < capacity) {
            keys = new long[capacity];
            buffer = new long[capacity];
        }
    }

    /**
     * Writes {@code values[0..length)} in ascending order to {@code out[0..length)}. The input
     * is left unchanged; {@code out} may be the input array.
     */
    public void sort(double[] values, int length, double[] out) {
        ensureCapacity(length);
        long[] source = keys;
        long[] target = buffer;
        java.util.Arrays.fill(counts, 0);
        for (int i = 0; i < length; i++) {
            long key = toKey(values[i]);
            source[i] = key;
            for (int pass = 0; pass < PASSES; pass++) {
                counts[pass * RADIX + (int) ((key >>> (pass * DIGIT_BITS)) & (RADIX - 1))]++;
            }
        }
        for (int pass = 0; pass < PASSES; pass++) {
            int base = pass * RADIX;
            int shift = pass * DIGIT_BITS;
            if (length == 0 || counts[base + (int) ((source[0] >>> shift) & (RADIX - 1))] == length) {
                continue;
            }
            int running = 0;
            for (int digit = 0; digit < RADIX; digit++) {
                int count = counts[base + digit];
                counts[base + digit] = running;
                running += count;
            }
            for (int i = 0; i < length; i++) {
                long key = source[i];
                int slot = base + (int) ((key >>> shift) & (RADIX - 1));
                target[counts[slot]++] = key;
            }
            long[] swap = source;
            source = target;
            target = swap;
        }
        for (int i = 0; i < length; i++) {
            out[i] = fromKey(source[i]);
        }
    }

    /** The unsigned-comparable key of a double (-0.0 mapped to 0.0). */
    static long toKey(double value) {
        long bits = Double.doubleToRawLongBits(value + 0.0);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    static double fromKey(long key) {
        long bits = key < 0 ? key ^ Long.MIN_VALUE : ~key;
        return Double.longBitsToDouble(bits);
    }
}
