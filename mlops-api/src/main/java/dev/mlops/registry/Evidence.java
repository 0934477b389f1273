package dev.mlops.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
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
 * @param signature the signature of {@link #message(String, int)} by the registry that attached it,
 *     {@link ArtifactSignature#NONE} when it had no signer
 */
public record Evidence(String kind, Instant time, String actor, String document,
        ArtifactSignature signature) {

    public Evidence {
        Objects.requireNonNull(kind, "kind");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("evidence kind must not be blank");
        }
        Limits.requireLine("evidence kind", kind, Limits.MAX_LABEL_LENGTH);
        time = time.truncatedTo(ChronoUnit.MILLIS);
        Limits.requireLine("actor", actor, Limits.MAX_ACTOR_LENGTH);
        Limits.requireText("evidence document", document, Limits.MAX_DOCUMENT_LENGTH);
        Objects.requireNonNull(signature, "signature");
    }

    /** Unsigned evidence. */
    public Evidence(String kind, Instant time, String actor, String document) {
        this(kind, time, actor, document, ArtifactSignature.NONE);
    }

    /** A copy with a signature. */
    public Evidence withSignature(ArtifactSignature newSignature) {
        return new Evidence(kind, time, actor, document, newSignature);
    }

    /**
     * The bytes that are signed for evidence attached to a version:
     * {@code mlops-evidence-v1\n<name>\n<version>\n<kind>\n<time>\n<actor>\n<sha256 of the document>}
     * in UTF-8 (time in epoch milliseconds), so that a signature vouches for this document on this
     * version and no other. The prefix differs from those of artifacts and audit heads.
     */
    public byte[] message(String name, int version) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return ("mlops-evidence-v1\n" + name + "\n" + version + "\n" + kind + "\n" + time.toEpochMilli()
                + "\n" + actor + "\n" + HexFormat.of().formatHex(digest)).getBytes(StandardCharsets.UTF_8);
    }
}
