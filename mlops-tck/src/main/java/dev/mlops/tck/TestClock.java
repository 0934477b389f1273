package dev.mlops.tck;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the suite moves by hand, so that creation times and time filters are exact. */
public final class TestClock implements InstantSource {

    private final AtomicReference<Instant> now;

    /** A clock standing at {@code start}. */
    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward. */
    public Instant advance(Duration by) {
        return now.updateAndGet(t -> t.plus(by));
    }
}
