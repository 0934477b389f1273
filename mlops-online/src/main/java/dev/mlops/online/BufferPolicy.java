package dev.mlops.online;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which recent labelled examples an online learner keeps for retraining and validation. Memory is
 * bounded by {@code capacity} in every case.
 *
 * <ul>
 *   <li>{@link #sliding(int)}: the newest {@code capacity} examples.</li>
 *   <li>{@link #slidingTime(Duration, int)}: the examples of the last {@code maxAge} (by the
 *       learner's clock), at most the newest {@code capacity}.</li>
 *   <li>{@link #reservoir(int, long)}: a uniform sample of every example seen so far (Vitter's
 *       algorithm R), seeded, so that the same stream gives the same sample.</li>
 * </ul>
 * Whatever the kind, retraining uses the kept examples in arrival order and holds out the newest.
 *
 * @param kind sliding by count, by time, or a reservoir
 * @param capacity the most examples kept, at least 10
 * @param maxAge how old a kept example may be (time windows only)
 * @param seed seeds the reservoir's choices
 */
public record BufferPolicy(Kind kind, int capacity, Optional<Duration> maxAge, long seed) {

    /** The kinds of buffer. */
    public enum Kind {
        /** The newest examples by count. */
        SLIDING,
        /** The newest examples by age, bounded by count. */
        SLIDING_TIME,
        /** A uniform sample of the whole stream. */
        RESERVOIR
    }

    /** The largest capacity: ten million examples. */
    public static final int MAX_CAPACITY = 10_000_000;

    public BufferPolicy {
        Objects.requireNonNull(kind, "kind");
        if (capacity < 10 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("buffer capacity must be 10 to " + MAX_CAPACITY + ", got " + capacity);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        if ((kind == Kind.SLIDING_TIME) != maxAge.isPresent()) {
            throw new IllegalArgumentException("a maximum age goes with time windows only");
        }
        maxAge.ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("buffer max age must be positive, got " + age);
            }
        });
    }

    /** The newest {@code capacity} examples. */
    public static BufferPolicy sliding(int capacity) {
        return new BufferPolicy(Kind.SLIDING, capacity, Optional.empty(), 0);
    }

    /** The examples of the last {@code maxAge}, at most {@code capacity}. */
    public static BufferPolicy slidingTime(Duration maxAge, int capacity) {
        return new BufferPolicy(Kind.SLIDING_TIME, capacity, Optional.of(Objects.requireNonNull(maxAge, "maxAge")), 0);
    }

    /** A seeded uniform sample of {@code capacity} examples of the whole stream. */
    public static BufferPolicy reservoir(int capacity, long seed) {
        return new BufferPolicy(Kind.RESERVOIR, capacity, Optional.empty(), seed);
    }

    /** A short description, e.g. {@code sliding 2000} or {@code reservoir 5000 (seed 7)}. */
    public String describe() {
        return switch (kind) {
            case SLIDING -> "sliding " + capacity;
            case SLIDING_TIME -> "sliding " + maxAge.orElseThrow() + " (at most " + capacity + ")";
            case RESERVOIR -> "reservoir " + capacity + " (seed " + seed + ")";
        };
    }
}
