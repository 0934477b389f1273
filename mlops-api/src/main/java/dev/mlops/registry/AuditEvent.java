package dev.mlops.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One entry of a model's append-only audit log. Each model's entries form a hash chain:
 * {@code hash} is the SHA-256 of this entry's fields and {@code previousHash}, and
 * {@code previousHash} is the {@code hash} of the entry before it ({@link #GENESIS} for the first),
 * so editing, removing or reordering an entry breaks the chain.
 *
 * @param name the model
 * @param seq position in the model's log, from 1, without gaps
 * @param time when the change was committed, truncated to milliseconds
 * @param actor who made the change
 * @param action what changed
 * @param version the version concerned, or 0
 * @param from the state before (a stage or a version number), or empty
 * @param to the state after, or empty
 * @param reason the reason the actor gave, or empty
 * @param detail action-specific detail (artifact digest, alias name, ...), or empty
 * @param previousHash hash of the previous entry, hex
 * @param hash hash of this entry, hex
 */
public record AuditEvent(
        String name,
        long seq,
        Instant time,
        String actor,
        AuditAction action,
        int version,
        String from,
        String to,
        String reason,
        String detail,
        String previousHash,
        String hash) {

    /** The {@code previousHash} of a model's first entry: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    public AuditEvent {
        Objects.requireNonNull(name, "name");
        time = time.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * Creates the entry that follows {@code previous} (null for a model's first entry), with its
     * sequence number and hashes filled in.
     */
    public static AuditEvent next(AuditEvent previous, String name, Instant time, String actor,
            AuditAction action, int version, String from, String to, String reason, String detail) {
        long seq = previous == null ? 1 : previous.seq() + 1;
        String previousHash = previous == null ? GENESIS : previous.hash();
        AuditEvent unsealed = new AuditEvent(name, seq, time, actor, action, version, from, to,
                reason, detail, previousHash, "");
        return new AuditEvent(name, seq, time, actor, action, version, from, to, reason, detail,
                previousHash, unsealed.computeHash());
    }

    /**
     * The SHA-256 (lower-case hex) of every field but {@code hash}, so that the same entry hashes the
     * same in every store and JVM. Each field is written as its UTF-8 byte length (32-bit big-endian)
     * followed by those bytes, in this order: name, seq, time (epoch milliseconds), actor, action
     * ({@link AuditAction#id()}), version, from, to, reason, detail, previousHash; numbers in decimal.
     */
    public String computeHash() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (String field : new String[] {name, Long.toString(seq),
                Long.toString(time.toEpochMilli()), actor, action.id(), Integer.toString(version),
                from, to, reason, detail, previousHash}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
