package dev.mlops.training;

import dev.mlops.MlopsException;
import dev.mlops.data.DataException;
import dev.mlops.data.LabeledData;
import dev.mlops.registry.ModelRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains classifiers as {@link TrainingSpec}s say, as jobs with an id, status, progress,
 * cancellation and timeout; registers the result on request. Jobs run on the trainer's worker
 * threads ({@link #submit}) or on the caller's ({@link #train}). Thread-safe.
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistries.open("file:/var/models");
 *      Trainer trainer = Trainer.builder().registry(registry).build()) {
 *     LabeledData data = LabeledData.fromCsv(Path.of("data/breast-cancer.csv"), "diagnosis");
 *     TrainingResult result = trainer.train(data, TrainingSpec.builder(Algorithm.LOGISTIC)
 *             .registerAs("breast-cancer").build(), state -> System.err.println(state.progress() + "% " + state.step()));
 *     System.out.println(result.toJson());
 * }
 * }</pre>
 *
 * <p>A registered version carries the model ({@link TrainedModelFormat}), the test metrics and
 * cross-validation means and deviations as metrics, the hyperparameters, seed, label column, labels
 * and positive class as params, the data fingerprint and Tribuo provenance as lineage, and three
 * evidence documents: the result ({@value TrainingResult#EVIDENCE_KIND}), the drift reference
 * profile of every row of the data, training and test alike ({@value TrainingResult#PROFILE_EVIDENCE_KIND}) and the job record
 * ({@value JobState#EVIDENCE_KIND}). Live job state is kept in memory (the last
 * {@value #KEPT_JOBS} jobs).
 */
public final class Trainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /** How many finished jobs a trainer remembers. */
    public static final int KEPT_JOBS = 1000;

    private final Optional<ModelRegistry> registry;
    private final InstantSource clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Map<String, TrainingJob> jobs = new LinkedHashMap<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();

    private Trainer(Optional<ModelRegistry> registry, int threads, InstantSource clock) {
        this.registry = registry;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(threads, daemon("mlops-training"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("mlops-training-timeout"));
    }

    /** A trainer without a registry (registration requests are refused), with one worker thread. */
    public static Trainer create() {
        return builder().build();
    }

    /** Starts configuring a trainer. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link Trainer}. */
    public static final class Builder {
        private Optional<ModelRegistry> registry = Optional.empty();
        private int threads = 1;
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /** Where models are registered when a spec asks for it (the caller keeps ownership). */
        public Builder registry(ModelRegistry value) {
            this.registry = Optional.of(Objects.requireNonNull(value, "registry"));
            return this;
        }

        /**
         * How many submitted jobs run at once (default 1; more jobs wait as QUEUED).
         *
         * @throws IllegalArgumentException unless 1 to 64
         */
        public Builder threads(int value) {
            if (value < 1 || value > 64) {
                throw new IllegalArgumentException("threads must be 1 to 64, got " + value);
            }
            this.threads = value;
            return this;
        }

        /** The clock for job times. */
        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The trainer; close it to stop its threads. */
        public Trainer build() {
            return new Trainer(registry, threads, clock);
        }
    }

    /**
     * Queues a training job on the worker threads.
     *
     * @throws IllegalArgumentException when the spec asks for registration and the trainer has no registry
     * @throws IllegalStateException when the trainer is closed
     */
    public TrainingJob submit(LabeledData data, TrainingSpec spec) {
        return submit(data, spec, state -> { });
    }

    /** Queues a job with a listener that sees every state from QUEUED on; see {@link #submit(LabeledData, TrainingSpec)}. */
    public TrainingJob submit(LabeledData data, TrainingSpec spec, JobListener listener) {
        TrainingJob job = newJob(data, spec, listener);
        workers.execute(() -> runWithTimeout(job));
        return job;
    }

    /**
     * Trains on the calling thread and waits for the result.
     *
     * @throws TrainingException when the data cannot support training, the algorithm fails, or the
     *     timeout passes
     * @throws DataException when the spec does not fit the data (an unknown column or positive class)
     * @throws dev.mlops.MlopsConfigurationException when XGBoost is asked for and not available
     * @throws IllegalArgumentException when the spec asks for registration and the trainer has no registry
     */
    public TrainingResult train(LabeledData data, TrainingSpec spec) {
        return train(data, spec, state -> { });
    }

    /** Trains on the calling thread, reporting to a listener; see {@link #train(LabeledData, TrainingSpec)}. */
    public TrainingResult train(LabeledData data, TrainingSpec spec, JobListener listener) {
        TrainingJob job = newJob(data, spec, listener);
        runWithTimeout(job);
        try {
            return job.await();
        } catch (TrainingException e) {
            // the caller waited for this very job: give it the original problem, not a wrapper
            if (e.getCause() instanceof MlopsException original) {
                throw original;
            }
            throw e;
        }
    }

    /** A job this trainer ran or runs, by id. */
    public synchronized Optional<TrainingJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The jobs this trainer remembers, oldest first. */
    public synchronized List<TrainingJob> jobs() {
        return new ArrayList<>(jobs.values());
    }

    /**
     * Tells a listener about every change of every job of this trainer from now on (jobs already
     * running included), on the thread that made the change, like a listener of one job.
     */
    public void addListener(JobListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling a listener; nothing happens if it was not added. */
    public void removeListener(JobListener listener) {
        listeners.remove(listener);
    }

    private void tellListeners(JobState state) {
        for (JobListener listener : listeners) {
            try {
                listener.changed(state);
            } catch (RuntimeException e) {
                log.warn("a trainer listener failed on job {}: {}", state.id(), e.toString());
            }
        }
    }

    /** Cancels every job that has not ended and stops the trainer's threads. */
    @Override
    public void close() {
        List<TrainingJob> all;
        synchronized (this) {
            all = new ArrayList<>(jobs.values());
        }
        all.forEach(TrainingJob::cancel);
        workers.shutdownNow();
        timer.shutdownNow();
    }

    private TrainingJob newJob(LabeledData data, TrainingSpec spec, JobListener listener) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(spec, "spec");
        if (spec.registration().isPresent() && registry.isEmpty()) {
            throw new IllegalArgumentException("the spec asks to register '" + spec.registration().get().name()
                    + "' but the trainer has no registry; use Trainer.builder().registry(...)");
        }
        if (workers.isShutdown()) {
            throw new IllegalStateException("the trainer is closed");
        }
        TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), data, spec, registry, clock);
        job.recordSubmission();
        job.addListener(listener);
        job.addListener(this::tellListeners);
        synchronized (this) {
            jobs.put(job.id(), job);
            if (jobs.size() > KEPT_JOBS) {
                jobs.values().stream().filter(TrainingJob::isDone).findFirst().ifPresent(old -> jobs.remove(old.id()));
            }
        }
        return job;
    }

    private void runWithTimeout(TrainingJob job) {
        ScheduledFuture<?> timeout = job.spec().timeout()
                .map(t -> timer.schedule(() -> job.timeOut(t), t.toNanos(), TimeUnit.NANOSECONDS))
                .orElse(null);
        try {
            job.run();
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
