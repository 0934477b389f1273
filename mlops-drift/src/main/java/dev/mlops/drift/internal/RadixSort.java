package dev.mlops.drift.internal;

/**
 * Least-significant-digit radix sort of doubles on order-preserving 64-bit keys, in caller-owned
 * scratch buffers, so that sorting a window allocates nothing. NaN values (missing) are skipped
 * while the keys are built. Passes whose digit is the same for every key (common for
 * integer-valued or narrow-range data) are skipped.
 *
 * <p>Keys compare as signed longs in the order of their doubles; -0.0 and 0.0 get the same key
 * (they compare equal, as in numpy), and the output holds 0.0 for both.
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
     * Writes {@code values[0..length)}'s non-NaN values in ascending order to {@code out}
     * (-0.0 as 0.0) and returns how many there are. The last radix pass writes the doubles
     * directly, so no separate conversion pass is needed.
     */
    public int sort(double[] values, int length, double[] out) {
        ensureCapacity(length);
        long[] source = keys;
        java.util.Arrays.fill(counts, 0);
        int n = 0;
        for (int i = 0; i < length; i++) {
            double v = values[i];
            long key = toKey(v);
            int present = v == v ? 1 : 0;
            source[n] = key;
            n += present;
            long unsigned = key ^ Long.MIN_VALUE;
            for (int pass = 0; pass < PASSES; pass++) {
                counts[pass * RADIX + (int) ((unsigned >>> (pass * DIGIT_BITS)) & (RADIX - 1))] += present;
            }
        }
        int lastPass = -1;
        for (int pass = 0; pass < PASSES; pass++) {
            if (n > 0 && counts[pass * RADIX + (int) (((source[0] ^ Long.MIN_VALUE) >>> (pass * DIGIT_BITS)) & (RADIX - 1))] != n) {
                lastPass = pass;
            }
        }
        if (lastPass < 0) {
            for (int i = 0; i < n; i++) {
                out[i] = fromKey(source[i]);
            }
            return n;
        }
        long[] target = buffer;
        for (int pass = 0; pass <= lastPass; pass++) {
            int base = pass * RADIX;
            int shift = pass * DIGIT_BITS;
            if (counts[base + (int) (((source[0] ^ Long.MIN_VALUE) >>> shift) & (RADIX - 1))] == n) {
                continue;
            }
            int running = 0;
            for (int digit = 0; digit < RADIX; digit++) {
                int count = counts[base + digit];
                counts[base + digit] = running;
                running += count;
            }
            if (pass == lastPass) {
                for (int i = 0; i < n; i++) {
                    long key = source[i];
                    out[counts[base + (int) (((key ^ Long.MIN_VALUE) >>> shift) & (RADIX - 1))]++] = fromKey(key);
                }
                break;
            }
            for (int i = 0; i < n; i++) {
                long key = source[i];
                target[counts[base + (int) (((key ^ Long.MIN_VALUE) >>> shift) & (RADIX - 1))]++] = key;
            }
            long[] swap = source;
            source = target;
            target = swap;
        }
        keys = source;
        buffer = target;
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
}
