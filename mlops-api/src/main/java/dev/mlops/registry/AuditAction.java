package dev.mlops.registry;

import java.util.Locale;

/** What an {@link AuditEvent} records. */
public enum AuditAction {
    /** A version was registered; {@code to} is its stage, {@code detail} its artifact digest. */
    REGISTER,
    /** A stage changed through {@code promote}; {@code from} and {@code to} are stages. */
    PROMOTE,
    /** A version left PRODUCTION because another was promoted or rolled back over it. */
    ARCHIVE,
    /** A previous production version was restored; {@code from} and {@code to} are stages. */
    ROLLBACK,
    /** An alias moved; {@code detail} is the alias, {@code from} and {@code to} are versions. */
    ALIAS,
    /** An alias was removed; {@code detail} is the alias, {@code from} the version it pointed to. */
    UNALIAS,
    /** Metrics, tags or description changed; {@code detail} says which. */
    METADATA,
    /** Evidence (such as a validation report) was attached; {@code detail} is its kind. */
    EVIDENCE,
    /** A production performance record was added; {@code detail} summarizes it. */
    PERFORMANCE,
    /** A job record was stored; {@code to} is its status, {@code detail} its kind and id. */
    JOB,
    /** The model's promotion policy was set; {@code detail} is the policy's JSON. */
    POLICY,
    /** An actor approved a version for PRODUCTION; {@code reason} is theirs. */
    APPROVE,
    /** An actor rejected a version for PRODUCTION; {@code reason} is theirs. */
    REJECT,
    /**
     * A promotion was refused (by a gate, the policy or missing approvals) and nothing changed;
     * {@code from} and {@code to} are the stages asked for, {@code reason} says why it was refused,
     * {@code detail} holds the reason the actor gave.
     */
    PROMOTION_REFUSED,
    /** A rollback was refused by the policy and nothing changed; fields as for PROMOTION_REFUSED. */
    ROLLBACK_REFUSED,
    /**
     * A version was deleted: a tombstone. {@code from} is the stage it was in, {@code detail} its
     * artifact digest; its number is never given to another version.
     */
    DELETE;

    /** The lower-case name used in JSON and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #id()} (any case). */
    public static AuditAction parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
