package dev.mlops.online;

import dev.mlops.drift.DriftAlert;
import dev.mlops.drift.DriftAlertListener;
import dev.mlops.model.Metric;
import dev.mlops.model.Prediction;
import dev.mlops.online.internal.LinearState;
import dev.mlops.online.internal.PendingPredictions;
import dev.mlops.online.internal.Rows;
import dev.mlops.registry.ModelNames;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainedModelFormat;
import dev.mlops.validation.Validator;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model that keeps learning in production, retrains when a trigger fires, and is replaced only
 * by a challenger that passes validation, with an automatic way back.
 *
 * <pre>{@code
 * OnlineSchema schema = OnlineSchema.of("clicked", List.of("no", "yes"), List.of("price", "position"))
 *         .withCategorical(List.of("country", "device"));
 * try (OnlineLearner learner = OnlineLearner.builder(schema)
 *         .strategy(Strategy.ADAPTIVE)                    // incremental steps + validated retraining
 *         .registry(registry).name("clicks")              // challengers registered, promoted, rolled back
 *         .build()) {
 *     learner.addListener(event -> log.info("{}", event));
 *     Prediction p = learner.predict("request-17", row);  // never blocks; remembered for its label
 *     learner.label("request-17", "yes");                 // the delayed label joins the prediction
 *     learner.learn(otherRow, "no");                      // or a labelled example at once
 *     LearnerMetrics metrics = learner.metrics();
 *     ModelVersion checkpoint = learner.checkpoint("nightly");
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Predictions run on the caller's thread, never block and never see a half-updated model: they read
 * an immutable snapshot through an atomic reference. One writer thread applies updates, runs
 * triggers and retrainings, and publishes snapshots. Labelled examples reach it through a bounded
 * queue; when the queue stays full for the offer timeout, {@link #learn} throws
 * {@link QueueFullException} (back-pressure the caller sees). Retraining runs on the writer too:
 * updates wait meanwhile, absorbed by the queue.
 *
 * <h2>Staleness</h2>
 * The writer publishes a snapshot after every {@code publishEvery} labelled examples (default
 * {@value Builder#DEFAULT_PUBLISH_EVERY}), at once after a promotion or rollback, when the queue has
 * been empty for {@value #IDLE_MILLIS} ms, and on {@link #flush()}. So a prediction sees a model
 * that lacks fewer than {@code publishEvery} of the updates the writer has applied, plus what is
 * still queued. Publishing copies the weights and accumulators (3 × outputs × dimension doubles):
 * raise {@code publishEvery} for large hashed models.
 *
 * <h2>Prequential metrics</h2>
 * Each labelled example is predicted by the current model before it learns from it; a delayed
 * label is scored against the prediction that was served. See {@link LearnerMetrics}.
 */
public final class OnlineLearner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnlineLearner.class);
    /** How long the queue stays empty before the writer publishes and checks time triggers, in ms. */
    public static final long IDLE_MILLIS = 5;
    /** The most queued items the writer takes at once. */
    private static final int DRAIN = 1024;

    private final Settings settings;
    private final OnlineSchema schema;
    private final InstantSource clock;
    private final Events events;
    private final Engine engine;
    private final BlockingQueue<Work> queue;
    private final PendingPredictions pending;
    private final Thread writer;
    // counters of the callers' side, kept outside the writer's state: they count this process's calls
    private final LongAdder predictions = new LongAdder();
    private final AtomicLong queueRejections = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong rejectedInputs = new AtomicLong();
    private volatile boolean closed;

    /** Work for the writer. */
    private sealed interface Work permits Labeled, Command, Stop {
    }

    private record Labeled(double[] numeric, String[] categorical, int label, int served, long timeMillis) implements Work {
    }

    private record Command(Function<Engine, Object> action, CompletableFuture<Object> done) implements Work {
    }

    private record Stop() implements Work {
    }

    private OnlineLearner(Settings settings, InstantSource clock, Events events, Engine engine) {
        this.settings = settings;
        this.schema = settings.schema();
        this.clock = clock;
        this.events = events;
        this.engine = engine;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.pending = engine.pendingPredictions();
        this.writer = new Thread(this::writeLoop, "mlops-online-" + settings.name().orElse("learner"));
        writer.setDaemon(true);
        writer.start();
    }

    /** Starts configuring a learner (or a {@link Simulation}) for this schema. */
    public static Builder builder(OnlineSchema schema) {
        return new Builder(schema);
    }

    // ------------------------------------------------------------------ predicting

    /**
     * Predicts a row given as column → value with the published snapshot; never blocks.
     *
     * @throws dev.mlops.data.DataException naming a column the row lacks or a value that is not a number
     */
    public Prediction predict(Map<String, ?> row) {
        predictions.increment();
        return engine.serving().predict(row);
    }

    /**
     * Predicts a row given as arrays into {@code probabilities} (label order), without allocating
     * for an incremental model; never blocks.
     *
     * @return the index of the most probable label
     * @throws IllegalArgumentException on wrong lengths or an infinite value
     */
    public int predict(double[] numeric, String[] categorical, double[] probabilities) {
        predictions.increment();
        return engine.serving().predict(schema, numeric, categorical, probabilities);
    }

    /**
     * Predicts a row and remembers it under {@code key} until its label arrives through
     * {@link #label(String, String)} (bounded: see the builder's {@code pending} settings).
     *
     * @throws dev.mlops.data.DataException naming a column the row lacks or a value that is not a number
     */
    public Prediction predict(String key, Map<String, ?> row) {
        Objects.requireNonNull(key, "key");
        double[] numeric = Rows.numeric(schema, row);
        String[] categorical = Rows.categorical(schema, row);
        double[] p = new double[schema.labels().size()];
        int best = predict(numeric, categorical, p);
        pending.put(new PendingPredictions.Entry(key, numeric, categorical, best, clock.millis()), clock.millis());
        return OnlineModel.prediction(schema.labels(), best, p);
    }

    // ------------------------------------------------------------------ learning

    /**
     * Queues a labelled example for the writer; waits up to the offer timeout for room.
     *
     * @throws IllegalArgumentException for a label the schema does not have
     * @throws dev.mlops.data.DataException naming a column the row lacks or a value that is not a number
     * @throws QueueFullException when the queue stayed full
     */
    public void learn(Map<String, ?> row, String label) {
        double[] numeric;
        String[] categorical;
        int index;
        try {
            numeric = Rows.numeric(schema, row);
            categorical = Rows.categorical(schema, row);
            index = schema.labelIndex(label);
        } catch (RuntimeException e) {
            rejectedInputs.incrementAndGet();
            throw e;
        }
        enqueue(new Labeled(numeric, categorical, index, -1, clock.millis()));
    }

    /**
     * Queues a labelled example given as arrays (copied, so the caller may reuse them).
     *
     * @param label the label's index in the schema's labels
     * @throws IllegalArgumentException on wrong lengths, an infinite value or a bad label index
     * @throws QueueFullException when the queue stayed full
     */
    public void learn(double[] numeric, String[] categorical, int label) {
        if (numeric.length != schema.numeric().size() || categorical.length != schema.categorical().size()
                || label < 0 || label >= schema.labels().size()) {
            rejectedInputs.incrementAndGet();
            throw new IllegalArgumentException("expected " + schema.numeric().size() + " numeric and "
                    + schema.categorical().size() + " categorical values and a label index below "
                    + schema.labels().size() + ", got " + numeric.length + ", " + categorical.length + " and " + label);
        }
        for (double v : numeric) {
            if (Double.isInfinite(v)) {
                rejectedInputs.incrementAndGet();
                throw new IllegalArgumentException("a numeric value is infinite");
            }
        }
        enqueue(new Labeled(numeric.clone(), categorical.clone(), label, -1, clock.millis()));
    }

    /**
     * The label of a prediction made with {@link #predict(String, Map)}: the pair is queued as a
     * labelled example, scored against the prediction that was served.
     *
     * @return false when no prediction is pending under the key (never made, already labelled,
     *     expired or evicted); counted in {@link LearnerMetrics#unmatchedLabels()}
     * @throws IllegalArgumentException for a label the schema does not have
     * @throws QueueFullException when the queue stayed full
     */
    public boolean label(String key, String label) {
        int index;
        try {
            index = schema.labelIndex(label);
        } catch (IllegalArgumentException e) {
            rejectedInputs.incrementAndGet();
            throw e;
        }
        long now = clock.millis();
        Optional<PendingPredictions.Entry> entry = pending.take(key, now);
        if (entry.isEmpty()) {
            unmatched.incrementAndGet();
            return false;
        }
        PendingPredictions.Entry e = entry.get();
        enqueue(new Labeled(e.numeric(), e.categorical(), index, e.predicted(), now));
        return true;
    }

    private void enqueue(Work work) {
        if (closed) {
            throw new IllegalStateException("the online learner is closed");
        }
        try {
            if (!queue.offer(work, settings.offerTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                queueRejections.incrementAndGet();
                throw new QueueFullException("the learner's queue of " + settings.queueCapacity()
                        + " examples stayed full for " + settings.offerTimeout() + "; the example was not learned");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queueRejections.incrementAndGet();
            throw new QueueFullException("interrupted while waiting for room in the learner's queue");
        }
    }

    // ------------------------------------------------------------------ commands

    /**
     * Retrains now (trigger {@code manual}), after the examples queued before.
     *
     * @return completes with the deciding event: PROMOTED, REJECTED, RETRAIN_SKIPPED or FAILED
     */
    public CompletableFuture<OnlineEvent> retrain(String reason) {
        Objects.requireNonNull(reason, "reason");
        return command(e -> e.retrain(TriggerKind.MANUAL, reason, 0, clock.millis())).thenApply(OnlineEvent.class::cast);
    }

    /**
     * A data-drift alert from a {@link dev.mlops.drift.DriftMonitor}: retrains (trigger
     * {@code data-drift}) after the examples queued before, when the alert is at least as severe as
     * the configured {@link Trigger#dataDrift} (without one, on every alert).
     */
    public void onDriftAlert(DriftAlert alert) {
        Objects.requireNonNull(alert, "alert");
        command(e -> e.onDataDrift(alert, clock.millis()));
    }

    /** This learner as a {@link DriftAlertListener}, to add to a {@link dev.mlops.drift.DriftMonitor}. */
    public DriftAlertListener driftAlertListener() {
        return this::onDriftAlert;
    }

    /** Waits until every example queued before has been learned, and publishes the model. */
    public void flush() {
        join(command(e -> {
            e.publish();
            return Boolean.TRUE;
        }));
    }

    /**
     * Saves the learner's whole state, after the examples queued before, as a new version of
     * {@code NAME-checkpoints} (format {@value CheckpointFormat#NAME}; its lineage parent is the
     * serving version). Restore it with {@link Builder#restoreFrom(ModelRef)}.
     *
     * @throws IllegalStateException without a registry
     */
    public ModelVersion checkpoint(String reason) {
        Objects.requireNonNull(reason, "reason");
        return (ModelVersion) join(command(e -> e.checkpoint(reason)));
    }

    private CompletableFuture<Object> command(Function<Engine, Object> action) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the online learner is closed"));
            return done;
        }
        try {
            queue.put(new Command(action, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    private static Object join(CompletableFuture<Object> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ reading

    /** The counters and prequential metrics as of the last publication (plus live queue counters). */
    public LearnerMetrics metrics() {
        return engine.publishedMetrics().withFrontCounters(predictions.sum(), queueRejections.get(), pending.expired(),
                unmatched.get(), rejectedInputs.get(), queue.size());
    }

    /** The most recent events, oldest first (as many as the builder's {@code eventHistory}). */
    public List<OnlineEvent> events() {
        return events.history();
    }

    /** The serving model's registered version, if it has one. */
    public Optional<ModelRef> servingVersion() {
        return engine.serving().version;
    }

    /** The serving model's generation: 0 at the start, one more for each promotion or rollback. */
    public int generation() {
        return engine.serving().generation;
    }

    /** The published incremental model, or empty while a batch-trained model serves. */
    public Optional<OnlineModel> model() {
        return Optional.ofNullable(engine.serving().online);
    }

    /** What the learner reads and predicts. */
    public OnlineSchema schema() {
        return schema;
    }

    /**
     * Adds a listener for the events and metrics from now on (the events before, such as a restored
     * learner's RESTORED, are in {@link #events()}).
     */
    public void addListener(OnlineListener listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener; nothing for an unknown one. */
    public void removeListener(OnlineListener listener) {
        events.remove(listener);
    }

    /** Learns what is queued, stops the writer and releases its resources; the registry stays open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(new Stop());
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.interrupt();
        }
        engine.close();
    }

    // ------------------------------------------------------------------ the writer

    private void writeLoop() {
        double[] scratch = new double[schema.labels().size()];
        // taking what is queued in one go keeps the queue's lock out of the producers' way
        List<Work> batch = new ArrayList<>(DRAIN);
        while (true) {
            Work first;
            try {
                first = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                idle();
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, DRAIN - 1);
            for (Work work : batch) {
                if (work instanceof Stop) {
                    engine.publish();
                    return;
                }
                handle(work, scratch);
            }
            batch.clear();
        }
    }

    private void idle() {
        try {
            if (engine.unpublished() > 0) {
                engine.publish();
            }
            engine.checkTimeTriggers(clock.millis());
        } catch (RuntimeException e) {
            engine.countFailure();
            log.warn("the online learner's writer failed while idle and carries on: {}", e.toString(), e);
        }
    }

    private void handle(Work work, double[] scratch) {
        try {
            if (work instanceof Labeled l) {
                engine.process(l.numeric(), l.categorical(), l.label(), l.served(), l.timeMillis(), scratch);
            } else if (work instanceof Command c) {
                try {
                    c.done().complete(c.action().apply(engine));
                } catch (RuntimeException e) {
                    c.done().completeExceptionally(e);
                }
            }
        } catch (RuntimeException e) {
            // the writer must survive anything one example does; the failure is counted and logged
            engine.countFailure();
            log.warn("the online learner's writer failed on an item and carries on: {}", e.toString(), e);
        }
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Configures an {@link OnlineLearner} or a {@link Simulation}. Setters check their argument and
     * name it when it is bad. Defaults: FTRL-Proximal, strategy {@link Strategy#ADAPTIVE}, a sliding
     * buffer of 2,000 examples, ADWIN on the error stream, triggers by strategy (adaptive: drift and
     * a 5-point accuracy drop; periodic: buffer full; others: none), challengers by strategy
     * (periodic: the batch trainer's logistic regression; others: a fresh incremental model, 5
     * epochs), the newest 25% of the retraining window held out, at least 500 examples to retrain,
     * accuracy improvement of 0.01 required, a watch of 2,000 examples with 0.01 tolerance, a
     * metrics window of 1,000.
     */
    public static final class Builder {

        /** Snapshots are published at least every this many labelled examples by default. */
        public static final int DEFAULT_PUBLISH_EVERY = 1000;

        private final OnlineSchema schema;
        private Optimizer optimizer = Optimizer.ftrl();
        private Strategy strategy = Strategy.ADAPTIVE;
        private int batchSize = 32;
        private BufferPolicy buffer = BufferPolicy.sliding(2_000);
        private Detector detector = Detector.adwin();
        private Optional<List<Trigger>> triggers = Optional.empty();
        private Optional<Challenger> challenger = Optional.empty();
        private double holdoutFraction = 0.25;
        private int minRetrainRows = 500;
        private Metric metric = Metric.ACCURACY;
        private double minImprovement = 0.01;
        private UnaryOperator<Validator.Builder> validation = UnaryOperator.identity();
        private int watchExamples = 2_000;
        private double watchTolerance = 0.01;
        private int window = 1_000;
        private int publishEvery = DEFAULT_PUBLISH_EVERY;
        private Optional<ModelRegistry> registry = Optional.empty();
        private Optional<String> name = Optional.empty();
        private long seed = 42;
        private int eventHistory = 1_000;
        private Optional<ModelRef> startFrom = Optional.empty();
        private Optional<ModelRef> restoreFrom = Optional.empty();
        private int queueCapacity = 10_000;
        private Duration offerTimeout = Duration.ofSeconds(1);
        private int pendingLimit = 100_000;
        private Duration pendingExpiry = Duration.ofHours(1);
        private InstantSource clock = InstantSource.system();

        private Builder(OnlineSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
        }

        /** The optimiser of incremental models (default {@link Optimizer#ftrl()}). */
        public Builder optimizer(Optimizer value) {
            this.optimizer = Objects.requireNonNull(value, "optimizer");
            return this;
        }

        /** The strategy (default {@link Strategy#ADAPTIVE}). */
        public Builder strategy(Strategy value) {
            this.strategy = Objects.requireNonNull(value, "strategy");
            return this;
        }

        /** Examples per step of {@link Strategy#MINI_BATCH} (default 32), 1 to 1,000,000. */
        public Builder batchSize(int value) {
            this.batchSize = range(value, 1, 1_000_000, "batch size");
            return this;
        }

        /** Which examples are kept for retraining (default {@code BufferPolicy.sliding(2000)}). */
        public Builder buffer(BufferPolicy value) {
            this.buffer = Objects.requireNonNull(value, "buffer");
            return this;
        }

        /** The detector on the error stream (default {@link Detector#adwin()}). */
        public Builder detector(Detector value) {
            this.detector = Objects.requireNonNull(value, "detector");
            return this;
        }

        /** The triggers that start retrainings (replacing the strategy's defaults; none: manual only). */
        public Builder triggers(Trigger... values) {
            this.triggers = Optional.of(List.of(values));
            return this;
        }

        /** How challengers are trained (default by strategy, see the class documentation). */
        public Builder challenger(Challenger value) {
            this.challenger = Optional.of(Objects.requireNonNull(value, "challenger"));
            return this;
        }

        /** The newest fraction of the retraining window held out for validation (default 0.25), in (0, 0.9]. */
        public Builder holdoutFraction(double value) {
            if (!(value > 0 && value <= 0.9)) {
                throw new IllegalArgumentException("holdout fraction must be in (0, 0.9], got " + value);
            }
            this.holdoutFraction = value;
            return this;
        }

        /** The fewest buffered examples a retraining needs (default 500), at least 10. */
        public Builder minRetrainRows(int value) {
            this.minRetrainRows = range(value, 10, BufferPolicy.MAX_CAPACITY, "minimum retraining rows");
            return this;
        }

        /**
         * The validator's improvement check: the challenger's {@code metric} must beat the champion's
         * on the held-out examples by {@code delta} (absolute; default accuracy, 0.01). 0 accepts a
         * tie; a negative delta tolerates a loss.
         */
        public Builder improvement(Metric value, double delta) {
            if (!Double.isFinite(delta)) {
                throw new IllegalArgumentException("improvement must be finite, got " + delta);
            }
            this.metric = Objects.requireNonNull(value, "metric");
            this.minImprovement = delta;
            return this;
        }

        /**
         * Adds checks to every validation, e.g. {@code v -> v.atLeast(Metric.AUC, 0.8).minRows(200)};
         * the champion and the improvement check are already set.
         */
        public Builder validation(UnaryOperator<Validator.Builder> value) {
            this.validation = Objects.requireNonNull(value, "validation");
            return this;
        }

        /**
         * After a promotion, compare the new model with its predecessor (which keeps predicting, and
         * learning, in the shadow) on the next {@code examples} labelled examples, and roll back when
         * the new one's accuracy is lower by more than {@code tolerance} (defaults 2,000 and 0.01;
         * 0 examples: no watch). Drift and accuracy-drop triggers wait while a watch runs; a model
         * promoted during a watch starts a new watch against the one it replaced.
         */
        public Builder watch(int examples, double tolerance) {
            this.watchExamples = range(examples, 0, Integer.MAX_VALUE, "watch examples");
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("watch tolerance must be in [0, 1), got " + tolerance);
            }
            this.watchTolerance = tolerance;
            return this;
        }

        /** The windowed metrics' length in labelled examples, also the accuracy-drop window (default 1,000). */
        public Builder window(int examples) {
            this.window = range(examples, 10, 10_000_000, "metrics window");
            return this;
        }

        /** Publish a snapshot at least every {@code examples} labelled examples (default {@value #DEFAULT_PUBLISH_EVERY}). */
        public Builder publishEvery(int examples) {
            this.publishEvery = range(examples, 1, Integer.MAX_VALUE, "publish interval");
            return this;
        }

        /** Where challengers are registered and promoted, and checkpoints stored (the caller keeps ownership). */
        public Builder registry(ModelRegistry value) {
            this.registry = Optional.of(Objects.requireNonNull(value, "registry"));
            return this;
        }

        /** The model name versions are registered under; checkpoints go to {@code NAME-checkpoints}. */
        public Builder name(String value) {
            ModelNames.requireValid(value);
            ModelNames.requireValid(value + "-checkpoints");
            this.name = Optional.of(value);
            return this;
        }

        /** Seeds challenger shuffles and validation resampling (default 42). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** How many recent events {@code events()} keeps (default 1,000). */
        public Builder eventHistory(int events) {
            this.eventHistory = range(events, 1, 10_000_000, "event history");
            return this;
        }

        /**
         * Serve this registered version at the start ({@code mlops-online-model}: it keeps learning;
         * {@code mlops-model} or {@code tribuo-protobuf}: served as trained), e.g.
         * {@code ModelRef.alias("clicks", "production")}; the version it points to when the learner
         * is built serves. Needs the registry.
         */
        public Builder startFrom(ModelRef ref) {
            this.startFrom = Optional.of(Objects.requireNonNull(ref, "ref"));
            return this;
        }

        /**
         * Restore the whole state from a checkpoint version, e.g. {@code checkpoint.ref()} of what
         * {@link OnlineLearner#checkpoint} returned; the schema, optimiser, strategy, batch size,
         * buffer, detector and window must be those it was taken with. Needs the registry.
         */
        public Builder restoreFrom(ModelRef checkpoint) {
            this.restoreFrom = Optional.of(Objects.requireNonNull(checkpoint, "checkpoint"));
            return this;
        }

        /** Labelled examples the queue holds (default 10,000). */
        public Builder queueCapacity(int examples) {
            this.queueCapacity = range(examples, 1, 100_000_000, "queue capacity");
            return this;
        }

        /** How long {@code learn} waits for room in a full queue before refusing (default 1 s; zero: refuse at once). */
        public Builder offerTimeout(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("offer timeout must be zero or positive, got " + value);
            }
            this.offerTimeout = value;
            return this;
        }

        /** Predictions awaiting a delayed label: at most {@code limit}, each for at most {@code expiry} (defaults 100,000 and 1 h). */
        public Builder pending(int limit, Duration expiry) {
            this.pendingLimit = range(limit, 1, 100_000_000, "pending limit");
            if (expiry == null || expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("pending expiry must be positive, got " + expiry);
            }
            this.pendingExpiry = expiry;
            return this;
        }

        /** The clock for example times, time triggers and events (default the system clock). */
        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Starts the learner and its writer thread.
         *
         * @throws IllegalStateException when the settings do not fit together (see the message)
         * @throws dev.mlops.registry.ModelNotFoundException when {@code startFrom} or {@code restoreFrom} points nowhere
         * @throws IllegalArgumentException when a checkpoint does not fit the settings
         */
        public OnlineLearner build() {
            Settings settings = settings();
            Events events = new Events(eventHistory);
            return new OnlineLearner(settings, clock, events, engine(settings, events));
        }

        /**
         * A simulation: the same learner, driven row by row on the caller's thread, for replays and
         * back-tests.
         *
         * @throws IllegalStateException when the settings do not fit together
         */
        public Simulation simulation() {
            Settings settings = settings();
            Events events = new Events(eventHistory);
            return new Simulation(engine(settings, events), settings, clock, events);
        }

        /** The engine, serving {@code startFrom} or a new model, in the state of {@code restoreFrom} if set. */
        private Engine engine(Settings settings, Events events) {
            Champion initial = startFrom.isPresent() ? load(startFrom.get())
                    : Champion.incremental(LinearState.create(schema, optimizer), Optional.empty(), 0);
            Engine engine = new Engine(settings, registry, clock, events, initial);
            restoreFrom.ifPresent(engine::restoreFrom);
            return engine;
        }

        private Champion load(ModelRef ref) {
            ModelRegistry r = registry.orElseThrow();
            ModelVersion version = r.get(ref.toString());
            ModelRef pinned = version.ref();
            if (version.format().equals(OnlineModelFormat.NAME)) {
                OnlineModel model = r.load(pinned.toString(), OnlineModelFormat.of());
                if (!model.schema().equals(schema) || !model.optimizer().equals(optimizer)) {
                    throw new IllegalArgumentException(pinned + " has the schema " + model.schema() + " and optimiser "
                            + model.optimizer() + ", not the learner's " + schema + " and " + optimizer);
                }
                return Champion.incremental(model.state().copy(), Optional.of(pinned), clock.millis());
            }
            TrainedModel model = TrainedModel.load(r, pinned.toString());
            if (!model.labels().equals(schema.labels())) {
                throw new IllegalArgumentException(pinned + " predicts " + model.labels() + ", not " + schema.labels());
            }
            log.debug("starting from the batch model {} ({})", pinned, TrainedModelFormat.NAME);
            return Champion.batch(model, Optional.of(pinned), version.createdAt().toEpochMilli());
        }

        private Settings settings() {
            boolean needsRegistry = startFrom.isPresent() || restoreFrom.isPresent();
            if (needsRegistry && registry.isEmpty()) {
                throw new IllegalStateException("startFrom and restoreFrom read the registry: set registry(..)");
            }
            if (registry.isPresent() && name.isEmpty()) {
                throw new IllegalStateException("with a registry the learner needs name(..) to register versions under");
            }
            for (Trigger t : triggers.orElse(List.of())) {
                if (t instanceof Trigger.MetricDrop drop && drop.metric() != Metric.ACCURACY) {
                    throw new IllegalArgumentException("an online learner measures accuracy only, not "
                            + drop.metric().jsonName() + ": use Trigger.accuracyDrop");
                }
            }
            List<Trigger> chosen = triggers.orElseGet(() -> switch (strategy) {
                case ADAPTIVE -> List.of(Trigger.drift(), Trigger.accuracyDrop(0.05));
                case PERIODIC -> List.of(Trigger.bufferFull());
                default -> List.of();
            });
            Challenger how = challenger.orElseGet(() -> strategy == Strategy.PERIODIC ? Challenger.batch()
                    : Challenger.incremental(5));
            return new Settings(schema, optimizer, strategy, batchSize, buffer, detector, chosen, how, holdoutFraction,
                    minRetrainRows, metric, minImprovement, validation, watchExamples, watchTolerance, window,
                    publishEvery, name, seed, eventHistory, queueCapacity, offerTimeout,
                    pendingLimit, pendingExpiry);
        }

        private static int range(int value, int min, int max, String what) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " must be " + min + " to " + max + ", got " + value);
            }
            return value;
        }
    }
}
