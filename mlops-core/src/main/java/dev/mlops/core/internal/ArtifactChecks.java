package dev.mlops.core.internal;

import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spi.ArtifactSigner;
import dev.mlops.spi.StoredArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** Digest and signature checks of artifacts, done before any byte is deserialized. */
final class ArtifactChecks {

    private final Optional<ArtifactSigner> signer;

    ArtifactChecks(Optional<ArtifactSigner> signer) {
        this.signer = signer;
    }

    /** Signs a new artifact, or returns {@link ArtifactSignature#NONE} without a signer. */
    ArtifactSignature sign(String name, StoredArtifact artifact) {
        return signer.map(s -> new ArtifactSignature(s.algorithm(), s.keyId(),
                        Base64.getEncoder().encodeToString(s.sign(ArtifactSigner.message(name,
                                artifact.sha256(), artifact.sizeBytes())))))
                .orElse(ArtifactSignature.NONE);
    }

    /** What the configured signer says of a version's signature. */
    SignatureStatus signatureStatus(ModelVersion v) {
        ArtifactSignature signature = v.signature();
        if (signer.isEmpty()) {
            return signature.isPresent() ? SignatureStatus.UNCHECKED : SignatureStatus.UNSIGNED;
        }
        if (!signature.isPresent()) {
            return SignatureStatus.MISSING;
        }
        ArtifactSigner s = signer.get();
        if (!s.algorithm().equals(signature.algorithm()) || !s.keyId().equals(signature.keyId())) {
            return SignatureStatus.INVALID;
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(signature.value());
        } catch (IllegalArgumentException e) {
            return SignatureStatus.INVALID;
        }
        return s.verify(ArtifactSigner.message(v.name(), v.sha256(), v.sizeBytes()), value)
                ? SignatureStatus.VALID : SignatureStatus.INVALID;
    }

    /** Explains a signature status in a sentence naming the version and keys. */
    String describe(ModelVersion v, SignatureStatus status) {
        String ref = v.ref().toString();
        return switch (status) {
            case VALID -> ref + " is signed with key " + v.signature().keyId() + " and verifies";
            case UNSIGNED -> ref + " is not signed";
            case UNCHECKED -> ref + " is signed with key " + v.signature().keyId()
                    + " but no signing key is configured to check it";
            case MISSING -> ref + " is not signed, but a signing key is configured";
            case INVALID -> signer.get().keyId().equals(v.signature().keyId())
                    ? ref + " has an invalid signature"
                    : ref + " was signed with key " + v.signature().keyId()
                            + ", not with the configured key " + signer.get().keyId();
        };
    }

    /** Throws unless the signature is acceptable for loading. */
    void requireSignature(ModelVersion v) {
        SignatureStatus status = signatureStatus(v);
        if (!status.acceptable()) {
            throw new IntegrityException("refusing to use " + v.ref() + ": " + describe(v, status));
        }
    }

    /**
     * Copies {@code in} to {@code out} (which may be null to only hash) and returns the SHA-256 and
     * size of what was read.
     */
    static StoredArtifact digest(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha = StoredArtifact.newSha256();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
            if (out != null) {
                out.write(buffer, 0, n);
            }
            size += n;
        }
        return new StoredArtifact(StoredArtifact.hex(sha.digest()), size);
    }

    /** Throws unless {@code actual} matches what the version recorded. */
    static void requireDigest(ModelVersion v, StoredArtifact actual) {
        if (!v.sha256().equals(actual.sha256()) || v.sizeBytes() != actual.sizeBytes()) {
            throw new IntegrityException("artifact of " + v.ref() + " is corrupt: expected sha256 "
                    + v.sha256() + " (" + v.sizeBytes() + " bytes), found " + actual.sha256()
                    + " (" + actual.sizeBytes() + " bytes)");
        }
    }

}
