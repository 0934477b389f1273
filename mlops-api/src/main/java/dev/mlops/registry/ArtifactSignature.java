package dev.mlops.registry;

import java.util.Objects;

/**
 * A signature made by an {@code ArtifactSigner}: of a version's artifact digest, or of the
 * anchored head of a model's audit log ({@link dev.mlops.spi.AuditAnchor}).
 *
 * @param algorithm the signer's algorithm, e.g. {@code HmacSHA256}; empty when unsigned
 * @param keyId a fingerprint of the key, so that a mismatch names the key that signed
 * @param value the signature, Base64
 */
public record ArtifactSignature(String algorithm, String keyId, String value) {

    /** The value of an unsigned version. */
    public static final ArtifactSignature NONE = new ArtifactSignature("", "", "");

    public ArtifactSignature {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(value, "value");
    }

    /** Whether the version was signed. */
    public boolean isPresent() {
        return !value.isEmpty();
    }
}
