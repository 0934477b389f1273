package dev.mlops.registry;

import java.util.Objects;

/**
 * Signature over a version's artifact digest, made by an {@code ArtifactSigner}.
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
