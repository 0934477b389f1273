package dev.mlops.drift.internal;

/**
 * Least-significant-digit radix sort of doubles on order-preserving 64-bit keys, in caller-owned
 * scratch buffers, so that sorting a window allocates nothing (unless adversarial data sends it
 * to the comparison-sort fallback, which sorts in place too). NaN values (missing) are skipped
 * while the keys are built. Passes whose digit is the same for every key (common for
 * integer-valued or narrow-range data) are skipped.
 *
 * <p>Keys compare as signed longs in the order of their doubles; -0.0 and 0.0 get the same key
 * (they compare equal, as in numpy), and the output holds 0.0 for both.
 */
public final class RadixSort {

    // The radix passes order by the top 40 key bits only (sign, exponent, 28 bits of mantissa); a final insertion pass over the nearly
    // sorted output orders values that share those bits (rare for continuous data, free for ties).
    private static final int LOW_BITS = 24;
    private static final int DIGIT_BITS = 10;
    private static final int RADIX = 1 << DIGIT_BITS;
    private static final int PASSES = (64 - LOW_BITS) / DIGIT_BITS;
    // insertion moves allowed per value before falling back to a comparison sort
    private static final int MOVE_BUDGET = 8;

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
            long high = (key ^ Long.MIN_VALUE) >>> LOW_BITS;
            for (int pass = 0; pass < PASSES; pass++) {
                counts[pass * RADIX + (int) ((high >>> (pass * DIGIT_BITS)) & (RADIX - 1))] += present;
            }
        }
        int lastPass = -1;
        for (int pass = 0; pass < PASSES; pass++) {
            if (n > 0 && counts[pass * RADIX + digit(source[0], pass)] != n) {
                lastPass = pass;
            }
        }
        if (lastPass < 0) {
            for (int i = 0; i < n; i++) {
                out[i] = fromKey(source[i]);
            }
        } else {
            long[] target = buffer;
            for (int pass = 0; pass <= lastPass; pass++) {
                int base = pass * RADIX;
                if (counts[base + digit(source[0], pass)] == n) {
                    continue;
                }
                int running = 0;
                for (int d = 0; d < RADIX; d++) {
                    int count = counts[base + d];
                    counts[base + d] = running;
                    running += count;
                }
                if (pass == lastPass) {
                    for (int i = 0; i < n; i++) {
                        long key = source[i];
                        out[counts[base + digit(key, pass)]++] = fromKey(key);
                    }
                    break;
                }
                for (int i = 0; i < n; i++) {
                    long key = source[i];
                    target[counts[base + digit(key, pass)]++] = key;
                }
                long[] swap = source;
                source = target;
                target = swap;
            }
            keys = source;
            buffer = target;
        }
        finishByInsertion(out, n);
        return n;
    }

    private static int digit(long key, int pass) {
        return (int) ((((key ^ Long.MIN_VALUE) >>> LOW_BITS) >>> (pass * DIGIT_BITS)) & (RADIX - 1));
    }

    /**
     * Orders values whose top key bits are equal; they are adjacent already. Falls back to a
     * comparison sort when the data would make insertion quadratic.
     */
    private static void finishByInsertion(double[] out, int n) {
        long budget = (long) MOVE_BUDGET * n;
        for (int i = 1; i < n; i++) {
            double v = out[i];
            if (v >= out[i - 1]) {
                continue;
            }
            int j = i - 1;
            while (j >= 0 && out[j] > v) {
                out[j + 1] = out[j];
                j--;
            }
            out[j + 1] = v;
            budget -= i - j;
            if (budget < 0) {
                java.util.Arrays.sort(out, 0, n);
                return;
            }
        }
    }

    /** The signed-comparable key of a double (-0.0 mapped to 0.0). */
    private static long toKey(double value) {
        long bits = Double.doubleToRawLongBits(value + 0.0);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The double of a key. */
    private static double fromKey(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }
}
