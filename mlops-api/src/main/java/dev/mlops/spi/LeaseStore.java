package dev.mlops.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Leases on models, kept in the store so that one process at a time, on any machine sharing the
 * store, does something to a model: a lease is held until it expires, is renewed or released. A
 * holder that dies (killed with {@code kill -9}, say) loses its lease when it expires, and another
 * holder may then take it. An optional capability of a {@link ModelStore}: callers test with
 * {@code instanceof}.
 *
 * <p>Expiry is judged by the store's clock (the database's for a JDBC store, the machine's for a
 * filesystem store), so holders on machines with skewed clocks still agree. Operations are atomic
 * across threads and processes. Storage failures are raised as
 * {@link dev.mlops.registry.StorageException}.
 */
public interface LeaseStore {

    /**
     * Grants the lease on {@code name} to {@code holder} for {@code ttl}, unless another holder has
     * it unexpired. A holder asking again for a lease it holds gets it renewed, with the same token.
     *
     * @return the lease granted, or empty when another holder has it
     * @throws IllegalArgumentException when the name or holder is malformed or the ttl not positive
     */
    Optional<Lease> acquire(String name, String holder, Duration ttl);

    /**
     * Extends a lease to {@code ttl} from now, if its holder still has it (same token, unexpired).
     *
     * @return the renewed lease, or empty when it was lost
     */
    Optional<Lease> renew(Lease lease, Duration ttl);

    /**
     * Gives a lease up, if its holder still has it; the next grant gets a larger token.
     *
     * @return whether it was still held
     */
    boolean release(Lease lease);

    /** The unexpired lease on a model, if any. */
    Optional<Lease> lease(String name);

    /**
     * Checks a holder: 1 to 200 printable ASCII characters.
     *
     * @return the holder, unchanged
     * @throws IllegalArgumentException saying what is wrong
     */
    static String requireHolder(String holder) {
        if (holder == null || !HOLDER.matcher(holder).matches()) {
            throw new IllegalArgumentException("lease holder must be 1 to 200 printable ASCII characters, got '"
                    + holder + "'");
        }
        return holder;
    }

    /**
     * Checks a lease duration: positive, at most a day.
     *
     * @return its length in milliseconds
     * @throws IllegalArgumentException when it is not
     */
    static long requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("lease duration must be positive and at most a day, got " + ttl);
        }
        return Math.max(1, ttl.toMillis());
    }

    /** Printable ASCII, no blanks at either end. */
    Pattern HOLDER = Pattern.compile("[!-~]([ -~]{0,198}[!-~])?");
}
