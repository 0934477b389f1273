package dev.mlops.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A document stored with a version to support a promotion, such as a validation report.
 *
 * <p>Construction throws {@link IllegalArgumentException} when a text breaks a rule of
 * {@link Limits}.
 *
 * @param kind what the document is, e.g. {@code validation-report}
 * @param time when it was attached, truncated to milliseconds
 * @param actor who attached it
 * @param document the document, usually JSON, verbatim
 */
public record Evidence(String kind, Instant time, String actor, String document) {

    public Evidence {
        Objects.requireNonNull(kind, "kind");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("evidence kind must not be blank");
        }
        Limits.requireLine("evidence kind", kind, Limits.MAX_LABEL_LENGTH);
        time = time.truncatedTo(ChronoUnit.MILLIS);
        Limits.requireLine("actor", actor, Limits.MAX_ACTOR_LENGTH);
        Limits.requireText("evidence document", document, Limits.MAX_DOCUMENT_LENGTH);
    }
}
