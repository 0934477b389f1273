package dev.mlops.core.internal;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.Stage;
import dev.mlops.spi.ModelStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the audit logs of a store to learn of every change, made in this process or another one:
 * it advances a generation number that invalidates cached resolutions, and turns new audit entries
 * into {@link RegistryEvent}s for listeners. Tracking starts lazily, when a listener is added or a
 * model is first loaded, so that one-shot uses (the CLI) never pay for it.
 */
final class ChangeTracker {

    private static final Logger log = LoggerFactory.getLogger(ChangeTracker.class);
    private static final int BATCH = 1000;

    private final ModelStore store;
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong generation = new AtomicLong();
    /** Newest audit seq processed per model; null until tracking starts. Guarded by this. */
    private Map<String, Long> seen;

    ChangeTracker(ModelStore store) {
        this.store = store;
    }

    /** Changes whenever any model changes; cached resolutions made under another value are stale. */
    long generation() {
        return generation.get();
    }

    boolean started() {
        return seen != null;
    }

    /** Starts tracking from the store's current state (older entries are not replayed). */
    synchronized void start() {
        if (seen == null) {
            seen = new HashMap<>(store.auditHeads());
        }
    }

    void addListener(RegistryListener listener) {
        listeners.add(listener);
    }

    void removeListener(RegistryListener listener) {
        listeners.remove(listener);
    }

    /** Processes new audit entries of one model, after this process changed it. */
    synchronized void changed(String name) {
        if (seen == null) {
            return;
        }
        catchUp(name, Long.MAX_VALUE);
    }

    /** Looks for changes to any model, e.g. by other processes. */
    synchronized void poll() {
        if (seen == null) {
            return;
        }
        store.auditHeads().forEach((name, head) -> {
            if (head > seen.getOrDefault(name, 0L)) {
                catchUp(name, head);
            }
        });
    }

    private void catchUp(String name, long head) {
        long after = seen.getOrDefault(name, 0L);
        boolean changed = false;
        while (after < head) {
            List<AuditEvent> events = store.audit(name, after, BATCH);
            if (events.isEmpty()) {
                break;
            }
            changed = true;
            for (AuditEvent event : events) {
                after = event.seq();
                publish(event);
            }
            if (events.size() < BATCH) {
                break;
            }
        }
        if (changed) {
            seen.put(name, after);
            generation.incrementAndGet();
        }
    }

    private void publish(AuditEvent audit) {
        if (listeners.isEmpty()) {
            return;
        }
        RegistryEvent event = toEvent(audit);
        if (event == null) {
            return;
        }
        for (RegistryListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("Registry listener {} failed on {} of {}: {}", listener, audit.action().id(),
                        audit.name(), e.toString());
                log.debug("Listener failure", e);
            }
        }
    }

    /** The listener event for an audit entry, or null for entries listeners are not told about. */
    static RegistryEvent toEvent(AuditEvent audit) {
        return switch (audit.action()) {
            case REGISTER -> new RegistryEvent.VersionRegistered(audit);
            case PROMOTE, ARCHIVE, ROLLBACK -> new RegistryEvent.StageChanged(audit,
                    Stage.parse(audit.from()), Stage.parse(audit.to()));
            case ALIAS, UNALIAS -> new RegistryEvent.AliasMoved(audit, audit.detail(),
                    versionOrZero(audit.from()), versionOrZero(audit.to()));
            case METADATA, EVIDENCE, PERFORMANCE, JOB, POLICY, APPROVE, REJECT, PROMOTION_REFUSED,
                    ROLLBACK_REFUSED, DELETE -> null;
        };
    }

    static int versionOrZero(String text) {
        return text.isEmpty() ? 0 : Integer.parseInt(text);
    }
}
