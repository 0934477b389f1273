package dev.mlops.registry;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Lifecycle stage of a model version.
 *
 * <p>The transitions {@link ModelRegistry#promote} allows:
 *
 * <table>
 *   <caption>Allowed stage transitions</caption>
 *   <tr><th>from</th><th>to</th></tr>
 *   <tr><td>DRAFT</td><td>TESTING, ARCHIVED</td></tr>
 *   <tr><td>TESTING</td><td>STAGING, DRAFT, ARCHIVED</td></tr>
 *   <tr><td>STAGING</td><td>PRODUCTION, TESTING, ARCHIVED</td></tr>
 *   <tr><td>PRODUCTION</td><td>ARCHIVED</td></tr>
 *   <tr><td>ARCHIVED</td><td>STAGING</td></tr>
 * </table>
 *
 * <p>A model has at most one PRODUCTION version: promoting another version archives the current one
 * in the same atomic step. {@link ModelRegistry#rollback} is the only way back from ARCHIVED to
 * PRODUCTION without passing through STAGING.
 */
public enum Stage {
    DRAFT,
    TESTING,
    STAGING,
    PRODUCTION,
    ARCHIVED;

    /** The stages this stage may move to through {@link ModelRegistry#promote}. */
    public Set<Stage> successors() {
        return switch (this) {
            case DRAFT -> EnumSet.of(TESTING, ARCHIVED);
            case TESTING -> EnumSet.of(STAGING, DRAFT, ARCHIVED);
            case STAGING -> EnumSet.of(PRODUCTION, TESTING, ARCHIVED);
            case PRODUCTION -> EnumSet.of(ARCHIVED);
            case ARCHIVED -> EnumSet.of(STAGING);
        };
    }

    /** Whether {@link ModelRegistry#promote} may move a version from this stage to {@code target}. */
    public boolean canMoveTo(Stage target) {
        return successors().contains(target);
    }

    /**
     * Parses a stage name, ignoring case.
     *
     * @throws IllegalArgumentException naming the value and the valid stages
     */
    public static Stage parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stage '" + text
                    + "'; expected one of draft, testing, staging, production, archived", e);
        }
    }

    /** The lower-case name used in references such as {@code churn@production}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
