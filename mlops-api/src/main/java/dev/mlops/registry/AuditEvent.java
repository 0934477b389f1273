package dev.mlops.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a model's append-only audit log. Each model's entries form a hash chain:
 * {@code hash} is the SHA-256 of this entry's fields and {@code previousHash}, and
 * {@code previousHash} is the {@code hash} of the entry before it ({@link #GENESIS} for the first),
 * so editing, removing or reordering an entry breaks the chain.
 *
 * <p>An entry that changes a version (registration, a stage change, new metadata) also records the
 * version's {@link ModelVersion#stateDigest() state digest} after the change, so that what a store
 * serves can be checked against the log; removing the newest entries is caught by the head the
 * store anchors apart from the log ({@link dev.mlops.spi.AuditAnchor}).
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
 * @param state the {@link ModelVersion#stateDigest()} of {@code version} after this change, or
 *     empty for an entry that changes no version (and for entries written before state digests
 *     were recorded)
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
        String hash,
        String state) {

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
        Objects.requireNonNull(state, "state");
    }

    /**
     * Creates the entry that follows {@code previous} (null for a model's first entry), with its
     * sequence number and hashes filled in, for a change that leaves every version as it was.
     */
    public static AuditEvent next(AuditEvent previous, String name, Instant time, String actor,
            AuditAction action, int version, String from, String to, String reason, String detail) {
        return next(previous, name, time, actor, action, version, from, to, reason, detail, "");
    }

    /**
     * Creates the entry that follows {@code previous} (null for a model's first entry), with its
     * sequence number and hashes filled in.
     *
     * @param state the {@link ModelVersion#stateDigest()} of the version after the change, or empty
     */
    public static AuditEvent next(AuditEvent previous, String name, Instant time, String actor,
            AuditAction action, int version, String from, String to, String reason, String detail,
            String state) {
        long seq = previous == null ? 1 : previous.seq() + 1;
        String previousHash = previous == null ? GENESIS : previous.hash();
        AuditEvent unsealed = new AuditEvent(name, seq, time, actor, action, version, from, to,
                reason, detail, previousHash, "", state);
        return new AuditEvent(name, seq, time, actor, action, version, from, to, reason, detail,
                previousHash, unsealed.computeHash(), state);
    }

    /**
     * The SHA-256 (lower-case hex) of every field but {@code hash}, so that the same entry hashes the
     * same in every store and JVM. Each field is written as its UTF-8 byte length (32-bit big-endian)
     * followed by those bytes, in this order: name, seq, time (epoch milliseconds), actor, action
     * ({@link AuditAction#id()}), version, from, to, reason, detail, previousHash, and then state
     * when it is not empty (so that entries written before state digests keep their hashes);
     * numbers in decimal.
     */
    public String computeHash() {
        List<String> fields = new ArrayList<>(List.of(name, Long.toString(seq),
                Long.toString(time.toEpochMilli()), actor, action.id(), Integer.toString(version),
                from, to, reason, detail, previousHash));
        if (!state.isEmpty()) {
            fields.add(state);
        }
        return FieldDigest.of(fields);
    }
}
