package dev.mlops.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * The semantics of {@link LeaseStore}, once for every store: each operation maps the stored state of
 * a lease (the last grant, expired or not; a release is stored as a grant that expired at the epoch,
 * keeping its token) and the store's time to the state to store. A store runs them under its own
 * mutual exclusion and writes the result.
 */
public final class LeaseRules {

    private LeaseRules() {
    }

    /** The grant to store for an acquire, or empty when another holder has the lease unexpired. */
    public static Optional<Lease> acquire(Optional<Lease> stored, String name, String holder, Instant now,
            long ttlMillis) {
        Instant until = now.plusMillis(ttlMillis);
        if (stored.isPresent() && stored.get().expiresAt().isAfter(now)) {
            return stored.get().holder().equals(holder)
                    ? Optional.of(new Lease(name, holder, stored.get().token(), until)) : Optional.empty();
        }
        return Optional.of(new Lease(name, holder, stored.map(Lease::token).orElse(0L) + 1, until));
    }

    /** The grant to store for a renewal, or empty when the lease was lost. */
    public static Optional<Lease> renew(Optional<Lease> stored, Lease lease, Instant now, long ttlMillis) {
        return held(stored, lease, now).map(l -> new Lease(l.name(), l.holder(), l.token(), now.plusMillis(ttlMillis)));
    }

    /** The state to store for a release, or empty when the lease was no longer held. */
    public static Optional<Lease> release(Optional<Lease> stored, Lease lease, Instant now) {
        return held(stored, lease, now).map(l -> new Lease(l.name(), l.holder(), l.token(), Instant.EPOCH));
    }

    /** The lease in force: the stored grant unless it expired. */
    public static Optional<Lease> current(Optional<Lease> stored, Instant now) {
        return stored.filter(l -> l.expiresAt().isAfter(now));
    }

    private static Optional<Lease> held(Optional<Lease> stored, Lease lease, Instant now) {
        return current(stored, now).filter(l -> l.token() == lease.token() && l.holder().equals(lease.holder()));
    }
}
