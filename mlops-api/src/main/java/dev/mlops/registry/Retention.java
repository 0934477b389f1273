package dev.mlops.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ARCHIVED versions of a model to keep when retention is applied: the newest
 * {@code keepArchived} of them, and of those only the ones younger than {@code maxAge}. Versions in
 * other stages, and versions an alias points to, are always kept.
 *
 * @param keepArchived how many of the newest archived versions to keep, from 0
 * @param maxAge the age (since registration) beyond which an archived version goes, if any
 */
public record Retention(int keepArchived, Optional<Duration> maxAge) {

    public Retention {
        if (keepArchived < 0) {
            throw new IllegalArgumentException("keepArchived must not be negative, got " + keepArchived);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        maxAge.ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive, got " + age);
            }
        });
    }
}
