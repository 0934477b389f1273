package dev.mlops.routing;

import dev.mlops.registry.ConflictException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a router on the stored revision of its experiment: polls the store every refresh interval
 * (as registries poll audit heads) and applies a newer revision, so a weight change, ramp, pause,
 * decision or rollback made by any process reaches this router within the interval. A canary
 * guardrail breach this router detects is written to the store as a rollback, which then reaches
 * every other instance.
 *
 * <pre>{@code
 * try (ExperimentFollower follower = ExperimentFollower.start(router, experiments, Duration.ofSeconds(1), "pod-7")) {
 *     ... serve ...
 * }
 * }</pre>
 */
public final class ExperimentFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExperimentFollower.class);

    private final Router<?> router;
    private final StoredExperiments experiments;
    private final String actor;
    private final ScheduledExecutorService scheduler;
    private final RollbackListener onRollback;
    private long revision;

    private ExperimentFollower(Router<?> router, StoredExperiments experiments, String actor,
                               ScheduledExecutorService scheduler) {
        this.router = Objects.requireNonNull(router, "router");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.actor = actor;
        this.scheduler = scheduler;
        this.onRollback = breach -> storeRollback(breach.variant() + " breached " + breach.check() + ": " + breach.value()
            + " > " + breach.limit() + " after " + breach.requests() + " requests");
        router.addListener(onRollback);
    }

    /**
     * Applies the stored revision now, then polls every {@code refreshInterval} on a daemon thread.
     *
     * @param actor who the rollbacks this router writes are recorded as
     * @throws dev.mlops.fleet.ExperimentNotFoundException if the router's experiment is not stored
     * @throws IllegalArgumentException                    if the interval is not positive
     */
    public static ExperimentFollower start(Router<?> router, StoredExperiments experiments, Duration refreshInterval,
                                           String actor) {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refresh interval must be positive, was " + refreshInterval);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlops-experiment-" + router.experiment().id());
            t.setDaemon(true);
            return t;
        });
        ExperimentFollower follower = new ExperimentFollower(router, experiments, actor, scheduler);
        follower.refresh();
        scheduler.scheduleWithFixedDelay(follower::refreshQuietly, refreshInterval.toMillis(), refreshInterval.toMillis(),
            TimeUnit.MILLISECONDS);
        return follower;
    }

    /**
     * Reads the stored revision and applies it when it is newer than the one applied.
     *
     * @return the revision in force
     * @throws dev.mlops.fleet.ExperimentNotFoundException if the experiment is not stored
     */
    public synchronized long refresh() {
        StoredExperiments.Current current = experiments.get(router.experiment().id());
        if (current.stored().revision() > revision) {
            router.update(current.routed());
            log.info("experiment '{}': following revision {} ({} by {}: {})", current.stored().id(),
                current.stored().revision(), current.stored().change(), current.stored().updatedBy(),
                current.stored().state().jsonName());
            revision = current.stored().revision();
        }
        return revision;
    }

    /** The stored revision this router follows. */
    public synchronized long revision() {
        return revision;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("experiment '{}': reading the stored revision failed; trying again: {}", router.experiment().id(),
                e.toString());
        }
    }

    private void storeRollback(String reason) {
        String id = router.experiment().id();
        try {
            experiments.rollback(id, actor, reason);
        } catch (ConflictException e) {
            log.info("experiment '{}': the guardrail rollback was not stored ({}); following the stored revision", id,
                e.getMessage());
        } catch (RuntimeException e) {
            log.warn("experiment '{}': storing the guardrail rollback failed: {}", id, e.toString());
        }
        refreshQuietly();
    }

    /** Stops following; the router keeps the configuration in force. */
    @Override
    public void close() {
        router.removeListener(onRollback);
        scheduler.shutdownNow();
    }
}
