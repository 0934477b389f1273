package dev.mlops.training;

import dev.mlops.data.LabeledData;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.internal.Progress;
import dev.mlops.training.internal.Registrar;
import dev.mlops.training.internal.TrainingRun;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training job submitted to a {@link Trainer}: its live state, listeners, cancellation and result.
 * Thread-safe.
 *
 * <p>Cancellation and the timeout take effect at once in the job's state (and {@link #await()}
 * returns); the work itself stops at its next checkpoint, between two model fits. Once a job has
 * started registering its model it can no longer be cancelled or time out, so a cancelled job never
 * leaves a registered version behind.
 */
public final class TrainingJob {

    private static final Logger log = LoggerFactory.getLogger(TrainingJob.class);

    private final String id;
    private final String description;
    private final LabeledData data;
    private final TrainingSpec spec;
    private final Optional<ModelRegistry> registry;
    private final InstantSource clock;
    private final Instant submittedAt;
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);

    // guarded by this
    private JobStatus status = JobStatus.QUEUED;
    private int progress;
    private String step = "queued";
    private Instant startedAt;
    private Instant finishedAt;
    private String error;
    private Throwable failure;
    private boolean committing;
    private TrainingResult result;
    /** The status last stored in the registry; null before the first. */
    private JobStatus stored;

    TrainingJob(String id, LabeledData data, TrainingSpec spec, Optional<ModelRegistry> registry, InstantSource clock) {
        this.id = id;
        this.data = data;
        this.spec = spec;
        this.registry = registry;
        this.clock = clock;
        this.submittedAt = clock.instant();
        this.description = spec.algorithm().id() + " on " + data.source() + ", label " + data.labelColumn();
    }

    /** The job id, unique per trainer (a random UUID). */
    public String id() {
        return id;
    }

    /** The spec it trains. */
    public TrainingSpec spec() {
        return spec;
    }

    /** A snapshot of the job's state. */
    public synchronized JobState state() {
        return new JobState(id, description, status, progress, step, submittedAt, Optional.ofNullable(startedAt),
                Optional.ofNullable(finishedAt), Optional.ofNullable(error),
                Optional.ofNullable(result).flatMap(TrainingResult::version).map(v -> v.ref().toString()));
    }

    /** The result, once the job has succeeded. */
    public synchronized Optional<TrainingResult> result() {
        return Optional.ofNullable(result);
    }

    /**
     * Adds a listener; it is called with the current state at once, then on every change.
     */
    public void addListener(JobListener listener) {
        synchronized (this) {
            listeners.add(listener);
            notify(listener, state());
        }
    }

    /** Removes a listener; does nothing for an unknown one. */
    public void removeListener(JobListener listener) {
        listeners.remove(listener);
    }

    /**
     * Cancels the job unless it has ended or is registering its model.
     *
     * @return whether the job is now CANCELLED because of this call
     */
    public boolean cancel() {
        return stop(JobStatus.CANCELLED, "cancelled");
    }

    /**
     * Waits for the job to end.
     *
     * @return the result of a SUCCEEDED job
     * @throws TrainingException when the job failed (the cause kept), timed out or was cancelled, or
     *     the waiting thread was interrupted
     */
    public TrainingResult await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while waiting for training job " + id, e);
        }
        return outcome();
    }

    /**
     * Waits at most {@code timeout} for the job to end.
     *
     * @return the result of a SUCCEEDED job, empty when it is still queued or running
     * @throws TrainingException as {@link #await()}
     */
    public Optional<TrainingResult> await(Duration timeout) {
        try {
            if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while waiting for training job " + id, e);
        }
        return Optional.of(outcome());
    }

    private synchronized TrainingResult outcome() {
        return switch (status) {
            case SUCCEEDED -> result;
            case CANCELLED -> throw new TrainingException("training job " + id + " was cancelled");
            default -> throw new TrainingException("training job " + id + " failed: " + error, failure);
        };
    }

    /** Runs the job on the calling thread; returns at once if it is no longer queued. */
    void run() {
        synchronized (this) {
            if (status != JobStatus.QUEUED) {
                return;
            }
            status = JobStatus.RUNNING;
            startedAt = clock.instant();
            step = "starting";
            publish();
        }
        try {
            TrainingResult trained = TrainingRun.execute(data, spec, id, this::report);
            synchronized (this) {
                if (status != JobStatus.RUNNING) {
                    return;
                }
                committing = true;
            }
            finish(spec.registration().isPresent() ? register(trained) : trained);
        } catch (Progress.Stopped stopped) {
            log.debug("training job {} stopped: {}", id, state().status());
        } catch (RuntimeException | LinkageError e) {
            fail(e);
        }
    }

    private TrainingResult register(TrainingResult trained) {
        report("registering the model", 95);
        ModelRegistry target = registry.orElseThrow();
        ModelVersion version = Registrar.register(target, spec.registration().get(), spec, trained);
        TrainingResult registered = trained.withVersion(version);
        JobState record;
        synchronized (this) {
            result = registered;
            record = new JobState(id, description, JobStatus.SUCCEEDED, 100, "done", submittedAt,
                    Optional.ofNullable(startedAt), Optional.of(clock.instant()), Optional.empty(),
                    Optional.of(version.ref().toString()));
            finishedAt = record.finishedAt().orElseThrow();
        }
        target.attachEvidence(version.name(), version.version(), JobState.EVIDENCE_KIND, record.toJson());
        return registered;
    }

    private void finish(TrainingResult trained) {
        synchronized (this) {
            result = trained;
            status = JobStatus.SUCCEEDED;
            progress = 100;
            step = "done";
            if (finishedAt == null) {
                finishedAt = clock.instant();
            }
            publish();
        }
        done.countDown();
        log.debug("training job {} succeeded", id);
    }

    private void fail(Throwable e) {
        synchronized (this) {
            if (status.isTerminal()) {
                return;
            }
            status = JobStatus.FAILED;
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            failure = e;
            finishedAt = clock.instant();
            publish();
        }
        done.countDown();
        log.debug("training job {} failed", id, e);
    }

    /** Fails the job for running longer than its timeout, unless it ended or is registering. */
    void timeOut(Duration timeout) {
        stop(JobStatus.FAILED, "timed out after " + timeout);
    }

    private boolean stop(JobStatus terminal, String why) {
        synchronized (this) {
            if (status.isTerminal() || committing) {
                return false;
            }
            status = terminal;
            error = why;
            finishedAt = clock.instant();
            publish();
        }
        done.countDown();
        log.debug("training job {}: {}", id, why);
        return true;
    }

    /** Progress from the run; throws {@link Progress.Stopped} once the job is no longer running. */
    private void report(String newStep, int percent) {
        synchronized (this) {
            if (status != JobStatus.RUNNING) {
                throw new Progress.Stopped();
            }
            step = newStep;
            progress = Math.max(progress, Math.min(percent, 99));
            publish();
        }
    }

    private void publish() {
        JobState snapshot = state();
        if (snapshot.status() != stored) {
            stored = snapshot.status();
            store(snapshot);
        }
        for (JobListener listener : listeners) {
            notify(listener, snapshot);
        }
    }

    /** Stores the record of the job as QUEUED, when it is to be registered. */
    synchronized void recordSubmission() {
        stored = status;
        store(state());
    }

    /**
     * Keeps the job's record in the registry, under the model it registers, on every change of
     * status (progress stays in memory: it changes too often to be worth a write). A registry that
     * cannot store it does not stop the job.
     */
    private void store(JobState snapshot) {
        if (registry.isEmpty() || spec.registration().isEmpty()) {
            return;
        }
        try {
            registry.get().recordJob(new JobRecord(id, spec.registration().get().name(), "training",
                    snapshot.status().name(), clock.instant(), snapshot.toJson()));
        } catch (RuntimeException e) {
            log.warn("cannot store the record of training job {}: {}", id, e.toString());
        }
    }

    private void notify(JobListener listener, JobState snapshot) {
        try {
            listener.changed(snapshot);
        } catch (RuntimeException e) {
            log.warn("a training job listener failed on job {}: {}", id, e.toString());
        }
    }

    /** Whether the job has ended. */
    boolean isDone() {
        return done.getCount() == 0;
    }

    @Override
    public String toString() {
        return "TrainingJob[" + id + ", " + description + "]";
    }
}
