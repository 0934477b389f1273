package dev.mlops.registry;

/**
 * A change in the registry, delivered to {@link RegistryListener}s. Events are derived from the
 * audit log, so changes made by other processes on the same store are delivered too, once the
 * registry has seen them.
 */
public sealed interface RegistryEvent {

    /** The audit entry the event was derived from. */
    AuditEvent audit();

    /** The model concerned. */
    default String name() {
        return audit().name();
    }

    /** A new version was registered. */
    record VersionRegistered(AuditEvent audit) implements RegistryEvent {
        /** The new version number. */
        public int version() {
            return audit.version();
        }
    }

    /** A version changed stage (promotion, archiving or rollback). */
    record StageChanged(AuditEvent audit, Stage from, Stage to) implements RegistryEvent {
        /** The version that changed stage. */
        public int version() {
            return audit.version();
        }
    }

    /**
     * An alias moved or was removed.
     *
     * @param fromVersion where it pointed before, or 0
     * @param toVersion where it points now, or 0 when removed
     */
    record AliasMoved(AuditEvent audit, String alias, int fromVersion, int toVersion)
            implements RegistryEvent {
    }
}
