package dev.mlops.registry;

import java.util.Objects;

/**
 * Where a version came from. Empty strings mean "not recorded".
 *
 * <p>Construction throws {@link IllegalArgumentException} when the parent is not
 * {@code NAME:VERSION} or a text breaks a rule of {@link Limits}.
 *
 * @param parent the version this one was derived from, as a reference ({@code churn:6}), or empty
 * @param dataFingerprint SHA-256 (hex) of the training data, or empty
 * @param provenance the training provenance as JSON (Tribuo's model provenance), verbatim, or empty
 */
public record Lineage(String parent, String dataFingerprint, String provenance) {

    /** No lineage recorded. */
    public static final Lineage NONE = new Lineage("", "", "");

    public Lineage {
        Objects.requireNonNull(parent, "parent");
        Limits.requireLine("lineage data fingerprint", dataFingerprint, Limits.MAX_FINGERPRINT_LENGTH);
        Limits.requireText("lineage provenance", provenance, Limits.MAX_DOCUMENT_LENGTH);
        if (!parent.isEmpty()) {
            ModelRef ref = ModelRef.parse(parent);
            if (ref.version() == 0) {
                throw new IllegalArgumentException("lineage parent must be NAME:VERSION, got '"
                        + parent + "'");
            }
        }
    }
}
