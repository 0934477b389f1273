package dev.mlops.spi;

import dev.mlops.registry.ArtifactSignature;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The head of one model's audit log as a store keeps it apart from the log's entries: the sequence
 * number and hash of the newest entry, signed by the registry that appended it when it had a
 * signer. The hash chain shows an edited or removed entry in the middle of a log; only an anchor
 * kept outside the log shows that its newest entries were removed, and only a signed one that the
 * whole log was rewritten.
 *
 * @param seq the sequence number of the newest entry, from 1
 * @param hash the hash of that entry, lower-case hex
 * @param signature a signature of {@link #message(String)}, or {@link ArtifactSignature#NONE}
 */
public record AuditAnchor(long seq, String hash, ArtifactSignature signature) {

    public AuditAnchor {
        if (seq < 1) {
            throw new IllegalArgumentException("an anchor points at an entry, seq >= 1, got " + seq);
        }
        StoredArtifact.requireDigest(hash);
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * The bytes that are signed for a model's anchor: {@code mlops-audit-head-v1\n<name>\n<seq>\n<hash>}
     * in UTF-8. The prefix differs from {@link ArtifactSigner#message}'s, so that no signature of an
     * artifact passes for a signature of a head.
     */
    public byte[] message(String name) {
        return ("mlops-audit-head-v1\n" + name + "\n" + seq + "\n" + hash)
                .getBytes(StandardCharsets.UTF_8);
    }
}
