package dev.mlops.registry;

import java.util.Objects;

/**
 * The result of checking one version's artifact against its recorded digest and signature.
 *
 * @param version the version checked
 * @param actualSha256 SHA-256 of the bytes found in storage (empty when they could not be read)
 * @param digestValid whether the bytes match the recorded digest and size
 * @param signatureStatus what the signature check found
 * @param message a human-readable summary
 */
public record ArtifactVerification(
        ModelVersion version,
        String actualSha256,
        boolean digestValid,
        SignatureStatus signatureStatus,
        String message) {

    public ArtifactVerification {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(actualSha256, "actualSha256");
        Objects.requireNonNull(signatureStatus, "signatureStatus");
        Objects.requireNonNull(message, "message");
    }

    /** Whether the artifact is intact: digest matches and the signature is not invalid. */
    public boolean intact() {
        return digestValid && signatureStatus.acceptable();
    }

    /** Outcome of a signature check. */
    public enum SignatureStatus {
        /** Signed, and the configured signer accepts the signature. */
        VALID(true),
        /** Neither signed nor required to be. */
        UNSIGNED(true),
        /** A signer is configured but the version carries no signature. */
        MISSING(false),
        /** The signature does not verify with the configured key. */
        INVALID(false),
        /** Signed, but no signer is configured to check it. */
        UNCHECKED(true);

        private final boolean acceptable;

        SignatureStatus(boolean acceptable) {
            this.acceptable = acceptable;
        }

        /** Whether a load may proceed with this status. */
        public boolean acceptable() {
            return acceptable;
        }
    }
}
