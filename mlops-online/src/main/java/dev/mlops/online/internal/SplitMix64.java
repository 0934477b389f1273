package dev.mlops.online.internal;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014): a 64-bit state advanced by the golden-ratio constant and mixed. Unlike
 * {@link java.util.Random} its whole state is one readable number, so checkpoints can save it.
 */
public final class SplitMix64 {

    private long state;

    /** A generator whose first output follows from {@code state}. */
    public SplitMix64(long state) {
        this.state = state;
    }

    /** The state, to restore with {@link #SplitMix64(long)}. */
    public long state() {
        return state;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform number in [0, bound), without modulo bias (rejection of the incomplete top range). */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }
}
