package dev.mlops.spi;

import dev.mlops.registry.ModelNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The right of one holder to do something to a model (retrain it, say) until a time, granted by a
 * {@link LeaseStore}.
 *
 * @param name the model the lease is on
 * @param holder who holds it, e.g. {@code host:pid:uuid}
 * @param token the fencing token: it grows with every grant of the lease to a new holder, so that
 *     work started under an older grant can be told apart from work under the newer one
 * @param expiresAt when the lease lapses unless renewed, in the store's clock, truncated to milliseconds
 */
public record Lease(String name, String holder, long token, Instant expiresAt) {

    public Lease {
        ModelNames.requireValid(name);
        LeaseStore.requireHolder(holder);
        if (token < 1) {
            throw new IllegalArgumentException("lease token must be positive, got " + token);
        }
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.MILLIS);
    }
}
