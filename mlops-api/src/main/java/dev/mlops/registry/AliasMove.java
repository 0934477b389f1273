package dev.mlops.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One move of an alias.
 *
 * @param name the model
 * @param alias the alias
 * @param fromVersion the version it pointed to before, or 0 when it was unset
 * @param toVersion the version it points to after, or 0 when it was removed
 * @param time when it moved
 * @param actor who moved it
 */
public record AliasMove(String name, String alias, int fromVersion, int toVersion, Instant time,
        String actor) {

    public AliasMove {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
        time = time.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(actor, "actor");
    }
}
