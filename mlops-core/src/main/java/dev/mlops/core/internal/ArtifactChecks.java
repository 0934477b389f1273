package dev.mlops.core.internal;

import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spi.ArtifactSigner;
import dev.mlops.spi.AuditAnchor;
import dev.mlops.spi.StoredArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Digest and signature checks of artifacts, done before any byte is deserialized, and the
 * signatures of the audit logs' anchored heads.
 */
final class ArtifactChecks {

    private final Optional<ArtifactSigner> signer;

    ArtifactChecks(Optional<ArtifactSigner> signer) {
        this.signer = signer;
    }

    /** Signs a new artifact, or returns {@link ArtifactSignature#NONE} without a signer. */
    ArtifactSignature sign(String name, StoredArtifact artifact) {
        return signer.map(s -> signature(s, ArtifactSigner.message(name, artifact.sha256(),
                        artifact.sizeBytes())))
                .orElse(ArtifactSignature.NONE);
    }

    private static ArtifactSignature signature(ArtifactSigner s, byte[] message) {
        return new ArtifactSignature(s.algorithm(), s.keyId(),
                Base64.getEncoder().encodeToString(s.sign(message)));
    }

    /** Signs evidence attached to a version, or leaves it unsigned without a signer that can sign. */
    Evidence sign(String name, int version, Evidence evidence) {
        return canSign() ? evidence.withSignature(signature(signer.get(), evidence.message(name, version)))
                : evidence;
    }

    /**
     * Why evidence cannot count for {@code v}, or null: with a signer, evidence must be signed with
     * its key and verify; without one, a signature cannot be checked here.
     */
    String evidenceProblem(ModelVersion v, Evidence evidence) {
        if (signer.isEmpty()) {
            return null;
        }
        if (!evidence.signature().isPresent()) {
            return "is not signed, but a signing key is configured";
        }
        return signatureProblem(evidence.signature(), evidence.message(v.name(), v.version()));
    }

    /**
     * What is wrong with a signature of {@code message} under the configured signer, or null: another
     * key, a malformed value or one that does not verify.
     */
    private String signatureProblem(ArtifactSignature signature, byte[] message) {
        ArtifactSigner s = signer.orElseThrow();
        if (!s.algorithm().equals(signature.algorithm()) || !s.keyId().equals(signature.keyId())) {
            return "is signed with key " + signature.keyId() + ", not with the configured key " + s.keyId();
        }
        try {
            return s.verify(message, Base64.getDecoder().decode(signature.value())) ? null
                    : "has an invalid signature";
        } catch (IllegalArgumentException e) {
            return "has a malformed signature";
        }
    }

    /** Whether this registry has a signer that can sign (not only verify). */
    boolean canSign() {
        return signer.isPresent() && signer.get().canSign();
    }

    /** Whether this registry has a signer, which may only verify. */
    boolean canVerify() {
        return signer.isPresent();
    }

    /** The anchor of a log whose newest entry is {@code head}: signed when this registry can sign. */
    AuditAnchor anchor(AuditEvent head) {
        AuditAnchor unsigned = new AuditAnchor(head.seq(), head.hash(), ArtifactSignature.NONE);
        return canSign() ? new AuditAnchor(head.seq(), head.hash(),
                signature(signer.get(), unsigned.message(head.name()))) : unsigned;
    }

    /**
     * What is wrong with the signature of a model's anchored head, or null: an unsigned head where
     * the store requires signatures, a head signed with another key than the configured one, or a
     * signature that does not verify. Without a signer, a signed head cannot be checked here.
     */
    String anchorProblem(String name, AuditAnchor anchor, boolean signaturesRequired) {
        ArtifactSignature signature = anchor.signature();
        String head = name + ": the anchored head #" + anchor.seq();
        if (!signature.isPresent()) {
            return signaturesRequired ? head + " is not signed, but the store requires signatures"
                    : null;
        }
        if (signer.isEmpty()) {
            return null;
        }
        String problem = signatureProblem(signature, anchor.message(name));
        return problem == null ? null : problem.equals("has an invalid signature")
                ? head + " has an invalid signature: the log or its head was changed behind the registry's back"
                : head + " " + problem;
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
