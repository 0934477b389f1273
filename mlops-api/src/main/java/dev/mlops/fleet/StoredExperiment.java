package dev.mlops.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * One revision of an experiment as a store keeps it. The store treats the definition as opaque
 * text (the routing module writes it: variants, weights and the slot table); it checks only that
 * revisions follow each other. The revisions of an experiment, oldest first, are its change log.
 *
 * @param id         the experiment's id ({@link FleetNames})
 * @param revision   1 for the first, then one more per change
 * @param state      where the experiment stands after this change
 * @param definition the experiment document, at most {@value #MAX_DEFINITION} characters
 * @param updatedAt  when the change was made
 * @param updatedBy  who made it
 * @param change     what the change did, one word ({@code create}, {@code set-weights}, {@code pause}, ...)
 * @param reason     why, possibly empty
 */
public record StoredExperiment(String id, long revision, ExperimentState state, String definition,
                               Instant updatedAt, String updatedBy, String change, String reason) {

    /** The longest definition a store must accept. */
    public static final int MAX_DEFINITION = 1 << 20;

    /**
     * @throws IllegalArgumentException if a field is missing or out of range
     */
    public StoredExperiment {
        FleetNames.requireValid("experiment id", id);
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be at least 1, was " + revision);
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (definition == null || definition.isBlank() || definition.length() > MAX_DEFINITION) {
            throw new IllegalArgumentException("definition must hold 1 to " + MAX_DEFINITION + " characters");
        }
        requireText("updatedBy", updatedBy, 200, false);
        requireText("change", change, 40, false);
        requireText("reason", reason, 2000, true);
    }

    private static void requireText(String field, String value, int max, boolean mayBeEmpty) {
        if (value == null || (!mayBeEmpty && value.isBlank()) || value.length() > max) {
            throw new IllegalArgumentException(field + " must be " + (mayBeEmpty ? "0" : "1") + " to " + max
                    + " characters, was '" + value + "'");
        }
    }

    /** The revision after this one, made by {@code updatedBy} at {@code updatedAt}. */
    public StoredExperiment next(ExperimentState nextState, String nextDefinition, Instant at, String by,
                                 String nextChange, String why) {
        return new StoredExperiment(id, revision + 1, nextState, nextDefinition, at, by, nextChange, why);
    }
}
