package dev.mlops.online;

import dev.mlops.core.Json;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.drift.Adwin;
import dev.mlops.drift.DetectorState;
import dev.mlops.drift.DriftAlert;
import dev.mlops.drift.Severity;
import dev.mlops.drift.StreamDetector;
import dev.mlops.model.Classifier;
import dev.mlops.model.Metric;
import dev.mlops.online.internal.ExampleBuffer;
import dev.mlops.online.internal.LinearState;
import dev.mlops.online.internal.OnlineJson;
import dev.mlops.online.internal.PendingPredictions;
import dev.mlops.online.internal.Prequential;
import dev.mlops.online.internal.SplitMix64;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.retraining.Promotions;
import dev.mlops.training.Registration;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The single-threaded heart of online learning: prequential evaluation, learning by strategy, the
 * buffer, drift detection, triggers, the retrain → validate → register → promote → swap pipeline,
 * the watch window with automatic rollback, snapshot publication, metrics and checkpoints. Every
 * method runs on one thread (an {@link OnlineLearner}'s writer, or a {@link Simulation}'s caller),
 * except {@link #serving()}, {@link #publishedMetrics()} and {@link #pendingPredictions()}, which
 * any thread may use.
 *
 * <p>The engine is the one owner of the learner's mutable state: the champion (its weights,
 * optimiser accumulators and standardizer, or a batch model), a watched predecessor, the lagged
 * copies, the buffer, the detector, the prequential metrics, the random generator, the pending
 * delayed-label predictions, the counters and the retraining bookkeeping. {@link #snapshot()}
 * returns all of it as one value, {@link #restore} puts one back, and a checkpoint is a snapshot
 * written through the registry.
 *
 * <p>For each labelled example, in this order: the champion predicts it and (by strategy) learns
 * it; the prediction (or the one served earlier for a delayed label) is scored; the error goes to
 * the detector; the example enters the buffer; a watched predecessor predicts (and learns) it;
 * triggers are checked and a retraining may run; a snapshot is published every
 * {@code publishEvery} examples.
 */
final class Engine implements AutoCloseable {

    private final Settings settings;
    private final OnlineSchema schema;
    private final Optional<ModelRegistry> registry;
    private final InstantSource clock;
    private final Events events;
    private final int labelCount;
    private final double[] shadow;
    private final int lagEvery;
    private final long lagSpan;
    private Trainer trainer;

    // the learner's state: this engine is its one owner; snapshot() and restore() take and replace all of it
    private Champion champion;
    private Watch watch;
    /** Prediction-only copies of an incremental champion, oldest first, to validate it fairly. */
    private final ArrayDeque<Lagged> lagged = new ArrayDeque<>();
    private ExampleBuffer buffer;
    private StreamDetector detector;
    private Prequential prequential;
    private SplitMix64 random;
    /** Thread-safe: callers' threads remember and take predictions while the writer runs. */
    private final PendingPredictions pendingPredictions;
    private long samples;
    private long updates;
    private long retrains;
    private long promotions;
    private long rejections;
    private long rollbacks;
    private long failures;
    private final List<Long> drifts = new ArrayList<>();
    private long lastRetrainSample;
    private long lastRetrainMillis;
    private PendingRetrain pending;
    private int generation;
    private final Signals signals = new Signals();
    /** Without a configured data-drift trigger, every monitor alert retrains. */
    private static final Trigger ANY_ALERT = Trigger.dataDrift(Severity.LOW);

    // publication: how fresh the served snapshot is, not part of the learner's state
    private long sincePublish;
    private long publications;
    private final long startNanos = System.nanoTime();
    private final Published serving = new Published();
    private volatile LearnerMetrics metrics;

    /** A retraining waiting for enough examples after a detected change. */
    record PendingRetrain(TriggerKind kind, String reason, long fromSample) {
    }

    /**
     * The champion as it was after learning sample {@code learnedThrough}: validation compares a
     * challenger with the champion as it was before the held-out examples arrived, since an
     * incremental champion has learned from them by the time the challenger is trained.
     */
    record Lagged(long learnedThrough, LinearState state) {
    }

    /** A newly promoted model under watch, with the predecessor it may be rolled back to. */
    private static final class Watch {
        private final Champion predecessor;
        private final long promotedAt;
        private long seen;
        private long newCorrect;
        private long oldCorrect;

        private Watch(Champion predecessor, long promotedAt) {
            this.predecessor = predecessor;
            this.promotedAt = promotedAt;
        }

        private LearnerSnapshot.WatchState snapshot() {
            return new LearnerSnapshot.WatchState(predecessor.snapshot(), promotedAt, seen, newCorrect, oldCorrect);
        }

        private static Watch restore(LearnerSnapshot.WatchState state) {
            Watch watch = new Watch(Champion.restore(state.predecessor()), state.promotedAt());
            watch.seen = state.seen();
            watch.newCorrect = state.newCorrect();
            watch.oldCorrect = state.oldCorrect();
            return watch;
        }
    }

    Engine(Settings settings, Optional<ModelRegistry> registry, InstantSource clock, Events events, Champion initial) {
        this.settings = settings;
        this.schema = settings.schema();
        this.registry = registry;
        this.clock = clock;
        this.events = events;
        this.labelCount = schema.labels().size();
        this.shadow = new double[labelCount];
        this.champion = initial;
        this.buffer = new ExampleBuffer(settings.buffer(), schema.numeric().size(), schema.categorical().size());
        this.detector = settings.detector().create();
        this.prequential = new Prequential(labelCount, settings.window());
        this.random = new SplitMix64(settings.seed());
        this.pendingPredictions = new PendingPredictions(settings.pendingLimit(), settings.pendingExpiry().toMillis());
        this.lastRetrainMillis = clock.millis();
        // a copy every lagEvery examples bounds the extra held-out examples; big models copy less often
        this.lagEvery = Math.max(25, Math.multiplyExact(schema.dimension(), labelCount == 2 ? 1 : labelCount) / 64);
        this.lagSpan = Math.round(settings.buffer().capacity() * settings.holdoutFraction()) + lagEvery;
        keepLagged();
        publish();
    }

    /** The snapshot predictions are served from; any thread. */
    Serving serving() {
        return serving.get();
    }

    /** The metrics published with the last snapshot; any thread. */
    LearnerMetrics publishedMetrics() {
        return metrics;
    }

    /** Predictions served under a key, waiting for their label; thread-safe, any thread. */
    PendingPredictions pendingPredictions() {
        return pendingPredictions;
    }

    /** Examples processed since the last publication. */
    long unpublished() {
        return sincePublish;
    }

    /** Labelled examples processed. */
    long samples() {
        return samples;
    }

    /** How many drifts were detected. */
    int driftCount() {
        return drifts.size();
    }

    /** The serving model's generation, as the writer sees it. */
    int generation() {
        return generation;
    }

    /** The serving model's registered version, as the writer sees it. */
    Optional<ModelRef> championVersion() {
        return champion.version;
    }

    /** Counts a failure outside the engine's own steps (the writer's loop). */
    void countFailure() {
        failures++;
    }

    // ------------------------------------------------------------------ per example

    /**
     * Processes one labelled example.
     *
     * @param served the label index predicted for it earlier and served to a caller (a delayed
     *     label), or −1 to score the champion's prediction now
     * @param out receives the champion's probabilities before learning
     * @return the champion's predicted label index (before learning)
     */
    int process(double[] numeric, String[] categorical, int label, int served, long nowMillis, double[] out) {
        long sample = ++samples;
        Champion current = champion;
        int predicted = learnOrPredict(current, numeric, categorical, label, out, nowMillis);
        int scored = served >= 0 ? served : predicted;
        boolean right = scored == label;
        prequential.record(label, scored);
        current.seen++;
        if (right) {
            current.correct++;
        }
        observeError(!right, sample, nowMillis);
        buffer.add(numeric, categorical, label, nowMillis, sample);
        if (watch != null) {
            Watch w = watch;
            int old = learnOrPredict(w.predecessor, numeric, categorical, label, shadow, nowMillis);
            w.seen++;
            w.oldCorrect += old == label ? 1 : 0;
            w.newCorrect += right ? 1 : 0;
            if (w.seen >= settings.watchExamples()) {
                judgeWatch(nowMillis);
            }
        }
        if (sample % lagEvery == 0) {
            keepLagged();
        }
        checkTriggers(sample, nowMillis);
        if (++sincePublish >= settings.publishEvery()) {
            publish();
        }
        if (sample % settings.window() == 0) {
            events.metrics(metrics());
        }
        return predicted;
    }

    /** The champion's prediction of an unlabelled row, now. */
    int predict(double[] numeric, String[] categorical, double[] out) {
        return champion.predict(schema, numeric, categorical, out);
    }

    private int learnOrPredict(Champion model, double[] numeric, String[] categorical, int label, double[] out,
            long nowMillis) {
        LinearState live = model.live;
        if (live == null || !settings.strategy().learnsOnline()) {
            return model.predict(schema, numeric, categorical, out);
        }
        model.newestMillis = nowMillis;
        if (settings.strategy() == Strategy.MINI_BATCH) {
            int predicted = live.accumulate(numeric, categorical, label, out);
            if (live.pendingBatch() >= settings.batchSize()) {
                live.applyBatch();
                if (model == champion) {
                    updates++;
                }
            }
            return predicted;
        }
        int predicted = live.learn(numeric, categorical, label, out, true);
        if (model == champion) {
            updates++;
        }
        return predicted;
    }

    /** Adds a prediction-only copy of an incremental, learning champion and drops copies no holdout can need. */
    private void keepLagged() {
        if (champion.live == null || !settings.strategy().learnsOnline()) {
            return;
        }
        lagged.addLast(new Lagged(samples, champion.live.predictionCopy()));
        while (lagged.size() > 2) {
            Lagged second = lagged.stream().skip(1).findFirst().orElseThrow();
            if (second.learnedThrough() >= samples - lagSpan) {
                break;
            }
            lagged.removeFirst();
        }
    }

    private void observeError(boolean wrong, long sample, long nowMillis) {
        double before = detector instanceof Adwin adwin ? adwin.mean() : 0;
        if (detector.update(wrong ? 1 : 0) == DetectorState.DRIFT) {
            // ADWIN also cuts its window when the error rate falls (a model that is still learning)
            boolean rise = !(detector instanceof Adwin adwin) || adwin.mean() > before;
            if (rise) {
                // start afresh on the new concept, so that one change is reported once (ADWIN would
                // otherwise cut its window again and again while the model adapts)
                detector.reset();
                drifts.add(sample);
                Map<String, String> details = new LinkedHashMap<>();
                details.put("detector", settings.detector().name());
                details.put("windowAccuracy", format(prequential.windowAccuracy()));
                emit(OnlineEvent.Type.DRIFT_DETECTED, nowMillis, settings.detector().name()
                        + " found the error rate rising", details);
                signals.errorRateRose = true;
                Optional<Trigger.Drift> trigger = settings.trigger(Trigger.Drift.class);
                if (settings.retrainsOnTriggers() && trigger.isPresent() && trigger.get().fires(signals) && watch == null
                        && pending == null) {
                    pending = new PendingRetrain(TriggerKind.DRIFT, "drift detected by " + settings.detector().name()
                            + " at sample " + sample, sample + 1);
                }
                signals.errorRateRose = false;
            }
        }
    }

    private void checkTriggers(long sample, long nowMillis) {
        if (pending != null) {
            // a model that just degraded is replaced by one that learned only what came after
            long available = sample - pending.fromSample() + 1;
            if (available >= Math.min(settings.minRetrainRows(), buffer.capacity())) {
                PendingRetrain run = pending;
                retrain(run.kind(), run.reason(), run.fromSample(), nowMillis);
            }
            return;
        }
        if (!settings.retrainsOnTriggers()) {
            return;
        }
        signals.nowMillis = nowMillis;
        for (Trigger trigger : settings.triggers()) {
            if (trigger instanceof Trigger.BufferFull || trigger instanceof Trigger.NewData) {
                if (trigger.fires(signals)) {
                    retrain(trigger.kind(), trigger.detail(signals), 0, nowMillis);
                    return;
                }
            } else if (trigger instanceof Trigger.MetricDrop drop && watch == null && drop.fires(signals)) {
                // (a model under watch is judged by the watch, not by degradation triggers) like a
                // detected drift, the challenger learns from what comes after the drop was noticed
                pending = new PendingRetrain(drop.kind(), drop.detail(signals) + " at sample " + sample, sample + 1);
                return;
            }
        }
        checkTimeTriggers(nowMillis);
    }

    /** The time-based triggers; also run when the writer is idle. */
    void checkTimeTriggers(long nowMillis) {
        buffer.expire(nowMillis);
        if (!settings.retrainsOnTriggers() || pending != null) {
            return;
        }
        signals.nowMillis = nowMillis;
        for (Trigger trigger : settings.triggers()) {
            if ((trigger instanceof Trigger.Schedule || trigger instanceof Trigger.Freshness) && trigger.fires(signals)) {
                retrain(trigger.kind(), trigger.detail(signals), 0, nowMillis);
                return;
            }
        }
    }

    /**
     * Input drift found by a {@link dev.mlops.drift.DriftMonitor}: retrains when the configured
     * {@link Trigger#dataDrift} fires on the alert's severity (without one, on every alert).
     *
     * @return the deciding event, or RETRAIN_SKIPPED when the alert is below the trigger's severity
     */
    OnlineEvent onDataDrift(DriftAlert alert, long nowMillis) {
        Trigger trigger = settings.trigger(Trigger.DataDrift.class).<Trigger>map(t -> t).orElse(ANY_ALERT);
        signals.alert = alert;
        try {
            if (!trigger.fires(signals)) {
                return emit(OnlineEvent.Type.RETRAIN_SKIPPED, nowMillis, "data drift in '" + alert.feature() + "': "
                        + trigger.detail(signals), Map.of("trigger", TriggerKind.DATA_DRIFT.id()));
            }
        } finally {
            signals.alert = null;
        }
        return retrain(TriggerKind.DATA_DRIFT, "data drift in '" + alert.feature() + "': " + alert.message(), 0,
                nowMillis);
    }

    /** What an online learner measures for its triggers: the engine's own state, read in place. */
    private final class Signals implements TriggerSignals {
        long nowMillis;
        boolean errorRateRose;
        DriftAlert alert;

        @Override
        public long newExamples() {
            return samples - lastRetrainSample;
        }

        @Override
        public String describeNewExamples() {
            return "since the last retraining";
        }

        @Override
        public long bufferCapacity() {
            return buffer.capacity();
        }

        @Override
        public long sinceTrainingMillis() {
            return nowMillis - lastRetrainMillis;
        }

        @Override
        public long newestExampleAgeMillis() {
            return champion.newestMillis > 0 ? nowMillis - champion.newestMillis : -1;
        }

        /** The windowed prequential accuracy, once the model served two windows and one passed since the last retraining. */
        @Override
        public double live(Metric metric) {
            int window = settings.window();
            boolean ready = metric == Metric.ACCURACY && prequential.windowFull() && champion.seen >= 2L * window
                    && newExamples() >= window;
            return ready ? prequential.windowAccuracy() : Double.NaN;
        }

        @Override
        public double baseline(Metric metric) {
            return metric == Metric.ACCURACY ? Engine.this.baseline() : Double.NaN;
        }

        @Override
        public String describeMetrics() {
            return "prequential, the last " + settings.window() + " examples against the serving model's before them";
        }

        @Override
        public boolean errorRateRose() {
            return errorRateRose;
        }

        @Override
        public Severity inputDrift() {
            return alert == null ? Severity.NONE : alert.severity();
        }

        @Override
        public String describeInputDrift() {
            return alert == null ? "no alert" : alert.message();
        }
    }

    /** The champion's prequential accuracy before the current window. */
    private double baseline() {
        int window = settings.window();
        long before = champion.seen - window;
        return before <= 0 ? Double.NaN : (double) (champion.correct - prequential.windowCorrect()) / before;
    }

    // ------------------------------------------------------------------ retraining

    /**
     * Trains a challenger on the buffered examples from sample {@code fromSample} on (the newest
     * held out), validates it against the champion, registers it, and promotes and swaps it in
     * when it passes.
     *
     * @return the deciding event: PROMOTED, REJECTED, RETRAIN_SKIPPED or FAILED
     */
    OnlineEvent retrain(TriggerKind kind, String reason, long fromSample, long nowMillis) {
        pending = null;
        lastRetrainSample = samples;
        lastRetrainMillis = nowMillis;
        int[] slots = buffer.slotsFrom(fromSample);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("trigger", kind.id());
        details.put("rows", Integer.toString(slots.length));
        if (slots.length < settings.minRetrainRows()) {
            details.put("needed", Integer.toString(settings.minRetrainRows()));
            return emit(OnlineEvent.Type.RETRAIN_SKIPPED, nowMillis, reason + "; but only " + slots.length
                    + " buffered examples to learn from, fewer than the " + settings.minRetrainRows() + " needed", details);
        }
        int holdout = Math.max(1, (int) Math.round(slots.length * settings.holdoutFraction()));
        int split = slots.length - holdout;
        Optional<Lagged> judged = Optional.empty();
        if (champion.live != null && settings.strategy().learnsOnline() && !lagged.isEmpty()) {
            // the champion as it was before the held-out examples: the newest copy older than them
            long firstHeld = buffer.sample(slots[split]);
            Lagged chosen = lagged.peekFirst();
            for (Lagged copy : lagged) {
                if (copy.learnedThrough() < firstHeld) {
                    chosen = copy;
                }
            }
            int boundary = split;
            while (boundary > 0 && buffer.sample(slots[boundary - 1]) > chosen.learnedThrough()) {
                boundary--;
            }
            while (boundary < slots.length && buffer.sample(slots[boundary]) <= chosen.learnedThrough()) {
                boundary++;
            }
            if (slots.length - boundary >= Math.max(10, holdout / 2) && boundary >= slots.length / 2) {
                split = boundary;
                judged = Optional.of(chosen);
            }
        }
        int[] train = Arrays.copyOfRange(slots, 0, split);
        int[] held = Arrays.copyOfRange(slots, split, slots.length);
        details.put("train", range(train));
        details.put("holdout", range(held));
        details.put("challenger", settings.challenger().describe());
        retrains++;
        emit(OnlineEvent.Type.RETRAIN_STARTED, nowMillis, reason, details);
        Optional<ModelRef> challengerVersion = Optional.empty();
        try {
            LabeledData trainData = data(train, "training");
            LabeledData holdoutData = data(held, "held-out");
            String description = "retrained online (" + kind.id() + ": " + reason + "); trained on samples "
                    + range(train) + ", validated on " + range(held);
            Champion challenger = train(train, trainData, kind, description, details);
            challengerVersion = challenger.version;
            String championName = champion.version.map(ModelRef::toString).orElse("generation " + generation);
            String challengerName = challengerVersion.map(ModelRef::toString)
                    .orElse("challenger of generation " + generation);
            details.put("championAsOf", judged.map(j -> "sample " + j.learnedThrough()).orElse("now"));
            Classifier championView = judged.isPresent() ? OnlineModel.of(judged.get().state()) : champion.classifier();
            Validator.Builder validator = Validator.builder()
                    .champion(championView, championName)
                    .minImprovement(settings.metric(), settings.minImprovement())
                    .seed(settings.seed());
            ValidationReport report = settings.validation().apply(validator).build()
                    .validate(challenger.classifier(), challengerName, holdoutData);
            details.put("challengerMetric", format(report.metrics().getOrDefault(settings.metric().jsonName(), Double.NaN)));
            details.put("championMetric", format(report.championMetrics().getOrDefault(settings.metric().jsonName(), Double.NaN)));
            String why = settings.metric().displayName() + " " + details.get("challengerMetric") + " against the champion's "
                    + details.get("championMetric") + " on " + held.length + " held-out examples";
            if (registry.isPresent() && challengerVersion.isPresent()) {
                Promotions.Decision decision = Promotions.decide(registry.get(), challengerVersion.get(), report,
                        Stage.PRODUCTION, "validated online challenger: " + why, "rejected online challenger", () -> { });
                if (!decision.promoted()) {
                    rejections++;
                    return emit(OnlineEvent.Type.REJECTED, nowMillis, decision.reason(), challengerVersion, details);
                }
            } else if (!report.passed()) {
                rejections++;
                return emit(OnlineEvent.Type.REJECTED, nowMillis, Promotions.failures(report), challengerVersion, details);
            }
            swapIn(challenger);
            promotions++;
            return emit(OnlineEvent.Type.PROMOTED, nowMillis, "validation passed: " + why, challengerVersion, details);
        } catch (RuntimeException e) {
            failures++;
            details.put("error", e.getClass().getSimpleName());
            return emit(OnlineEvent.Type.FAILED, nowMillis, "retraining failed: " + e.getMessage(), challengerVersion, details);
        }
    }

    private Champion train(int[] slots, LabeledData trainData, TriggerKind kind, String description,
            Map<String, String> details) {
        long newest = 0;
        for (int slot : slots) {
            newest = Math.max(newest, buffer.time(slot));
        }
        Optional<ModelRef> parent = champion.version;
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("online.trigger", kind.id());
        tags.put("online.strategy", settings.strategy().id());
        tags.put("online.window", "samples " + details.get("train"));
        if (settings.challenger() instanceof Challenger.Batch batch) {
            TrainingSpec.Builder spec = TrainingSpec.builder(batch.spec().algorithm())
                    .params(batch.spec().params())
                    .seed(batch.spec().seed())
                    .testFraction(batch.spec().testFraction())
                    .folds(batch.spec().folds())
                    .exclude(batch.spec().excludedColumns());
            batch.spec().search().ifPresent(spec::search);
            batch.spec().timeout().ifPresent(spec::timeout);
            schema.positiveClass().ifPresent(spec::positiveClass);
            if (registry.isPresent()) {
                Registration registration = Registration.as(settings.name().orElseThrow()).withDescription(description)
                        .withTags(tags);
                spec.register(parent.map(p -> registration.withParent(p.toString())).orElse(registration));
            }
            TrainingResult result = trainer().train(trainData, spec.build());
            if (!result.model().labels().equals(schema.labels())) {
                throw new IllegalStateException("the batch challenger knows the labels " + result.model().labels()
                        + ", not " + schema.labels() + ": some label is missing from the training examples");
            }
            return Champion.batch(result.model(), result.version().map(ModelVersion::ref), newest);
        }
        int epochs = ((Challenger.Incremental) settings.challenger()).epochs();
        LinearState state = LinearState.create(schema, settings.optimizer());
        double[] numeric = new double[schema.numeric().size()];
        String[] categorical = new String[schema.categorical().size()];
        for (int slot : slots) {
            buffer.numeric(slot, numeric);
            state.observe(numeric);
        }
        int[] order = slots.clone();
        double[] scratch = new double[labelCount];
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order);
            for (int slot : order) {
                buffer.numeric(slot, numeric);
                buffer.categorical(slot, categorical);
                state.learn(numeric, categorical, buffer.label(slot), scratch, false);
            }
        }
        Optional<ModelRef> version = Optional.empty();
        if (registry.isPresent()) {
            OnlineModel model = OnlineModel.of(state.snapshotCopy());
            Map<String, String> params = new LinkedHashMap<>();
            params.put("algorithm", "online-logistic");
            params.put("optimizer", settings.optimizer().name());
            settings.optimizer().params().forEach((k, v) -> params.put("optimizer." + k, v));
            params.put("epochs", Integer.toString(epochs));
            params.put("strategy", settings.strategy().id());
            params.put("trigger", kind.id());
            params.put("trainSamples", details.get("train"));
            params.put("holdoutSamples", details.get("holdout"));
            params.put("labelColumn", schema.labelColumn());
            schema.positiveClass().ifPresent(p -> params.put("positiveClass", p));
            params.put("seed", Long.toString(settings.seed()));
            ModelVersion v = registry.get().register(RegisterRequest.builder(settings.name().orElseThrow(),
                            ArtifactSource.of(model.toBytes()))
                    .format(OnlineModelFormat.NAME)
                    .description(description)
                    .params(params)
                    .tags(tags)
                    .lineage(new Lineage(parent.map(ModelRef::toString).orElse(""), trainData.fingerprint(),
                            provenance(epochs, kind, details)))
                    .build());
            version = Optional.of(v.ref());
        }
        return Champion.incremental(state, version, newest);
    }

    private String provenance(int epochs, TriggerKind kind, Map<String, String> details) {
        var node = Json.object();
        node.put("learner", "dev.mlops.online");
        node.set("schema", OnlineJson.schema(schema));
        node.set("optimizer", OnlineJson.optimizer(settings.optimizer()));
        node.put("epochs", epochs);
        node.put("trigger", kind.id());
        node.put("trainSamples", details.get("train"));
        node.put("seed", settings.seed());
        return Json.write(node);
    }

    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = (int) random.nextLong(i + 1L);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private Trainer trainer() {
        if (trainer == null) {
            Trainer.Builder builder = Trainer.builder().clock(clock);
            registry.ifPresent(builder::registry);
            trainer = builder.build();
        }
        return trainer;
    }

    private void swapIn(Champion challenger) {
        Champion previous = champion;
        watch = settings.watchExamples() > 0 ? new Watch(previous, samples) : null;
        champion = challenger;
        generation++;
        afterSwap();
    }

    private void judgeWatch(long nowMillis) {
        Watch w = watch;
        watch = null;
        double fresh = (double) w.newCorrect / w.seen;
        double old = (double) w.oldCorrect / w.seen;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("examples", Long.toString(w.seen));
        details.put("accuracy", format(fresh));
        details.put("predecessorAccuracy", format(old));
        Optional<ModelRef> version = champion.version;
        if (Promotions.keeps(fresh, old, settings.watchTolerance())) {
            emit(OnlineEvent.Type.KEPT, nowMillis, "accuracy " + format(fresh) + " in the " + w.seen
                    + " examples since promotion, predecessor " + format(old), version, details);
            return;
        }
        String reason = "accuracy " + format(fresh) + " in the " + w.seen + " examples since promotion is below its"
                + " predecessor's " + format(old) + " on the same examples";
        try {
            if (registry.isPresent() && version.isPresent()) {
                if (w.predecessor.version.isPresent()) {
                    ModelVersion restored = Promotions.rollback(registry.get(), version.get().name(), reason);
                    details.put("restored", restored.ref().toString());
                } else {
                    Promotions.archive(registry.get(), version.get(),
                            "automatic rollback to an unregistered predecessor: " + reason);
                }
            }
        } catch (RuntimeException e) {
            failures++;
            details.put("registryError", e.getMessage());
        }
        champion = w.predecessor;
        generation++;
        rollbacks++;
        afterSwap();
        emit(OnlineEvent.Type.ROLLED_BACK, nowMillis, reason, version, details);
    }

    /** A new model serves: its errors are a new stream, and readers see it at once. */
    private void afterSwap() {
        lagged.clear();
        keepLagged();
        detector.reset();
        pending = null;
        publish();
    }

    // ------------------------------------------------------------------ publication and metrics

    /** Publishes the champion as the serving snapshot, with fresh metrics. */
    void publish() {
        serving.set(champion.serving(generation));
        publications++;
        metrics = metrics();
        sincePublish = 0;
    }

    LearnerMetrics metrics() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new LearnerMetrics(samples, 0, updates, retrains, promotions, rejections, rollbacks, drifts.size(),
                prequential.accuracy(), prequential.windowAccuracy(), prequential.kappa(), prequential.windowKappa(),
                prequential.window(), seconds > 0 ? samples / seconds : 0, 0, 0, 0, 0,
                failures + events.listenerFailures(), 0, publications, generation, champion.version);
    }

    private OnlineEvent emit(OnlineEvent.Type type, long nowMillis, String reason, Map<String, String> details) {
        return emit(type, nowMillis, reason, champion.version, details);
    }

    private OnlineEvent emit(OnlineEvent.Type type, long nowMillis, String reason, Optional<ModelRef> version,
            Map<String, String> details) {
        OnlineEvent event = new OnlineEvent(Instant.ofEpochMilli(nowMillis), samples, type, reason, generation, version,
                details);
        events.emit(event);
        return event;
    }

    // ------------------------------------------------------------------ the state as a value

    /** The whole state as a value, from which {@link #restore} continues bit for bit. */
    LearnerSnapshot snapshot() {
        LearnerSnapshot.Counters counters = new LearnerSnapshot.Counters(samples, updates, retrains, promotions,
                rejections, rollbacks, failures, generation, lastRetrainSample, lastRetrainMillis);
        return new LearnerSnapshot(settings.shape(), counters, random.state(), drifts, Optional.ofNullable(pending),
                champion.snapshot(), Optional.ofNullable(watch).map(Watch::snapshot), List.copyOf(lagged),
                buffer.snapshot(), prequential.snapshot(), LearnerSnapshot.DetectorSnapshot.of(detector),
                pendingPredictions.entries());
    }

    /**
     * Replaces the whole state with a snapshot's, which stays as it is (what changes is copied), and
     * publishes the restored model. Nothing changes when the snapshot is refused.
     *
     * @throws IllegalArgumentException when it was taken with other settings, or a part does not fit them
     */
    void restore(LearnerSnapshot snapshot) {
        snapshot.shape().requireSameAs(settings.shape());
        Champion restoredChampion = Champion.restore(snapshot.champion());
        Watch restoredWatch = snapshot.watch().map(Watch::restore).orElse(null);
        ExampleBuffer restoredBuffer = ExampleBuffer.restore(snapshot.buffer(), settings.buffer(),
                schema.numeric().size(), schema.categorical().size());
        Prequential restoredPrequential = Prequential.restore(snapshot.prequential(), labelCount, settings.window());
        StreamDetector restoredDetector = snapshot.detector().restore();
        LearnerSnapshot.Counters c = snapshot.counters();
        samples = c.samples();
        updates = c.updates();
        retrains = c.retrains();
        promotions = c.promotions();
        rejections = c.rejections();
        rollbacks = c.rollbacks();
        failures = c.failures();
        generation = c.generation();
        lastRetrainSample = c.lastRetrainSample();
        lastRetrainMillis = c.lastRetrainMillis();
        random = new SplitMix64(snapshot.randomState());
        drifts.clear();
        drifts.addAll(snapshot.drifts());
        pending = snapshot.pendingRetrain().orElse(null);
        champion = restoredChampion;
        watch = restoredWatch;
        lagged.clear();
        lagged.addAll(snapshot.lagged());
        buffer = restoredBuffer;
        prequential = restoredPrequential;
        detector = restoredDetector;
        pendingPredictions.restore(snapshot.pendingPredictions(), clock.millis());
        publish();
    }

    /**
     * Registers the whole state as a new version of {@code NAME-checkpoints} (format
     * {@value CheckpointFormat#NAME}; its lineage parent is the serving version) and emits
     * CHECKPOINT_SAVED.
     *
     * @throws IllegalStateException without a registry
     */
    ModelVersion checkpoint(String reason) {
        if (registry.isEmpty()) {
            throw new IllegalStateException("checkpoints are stored in the registry: build with registry(..) and"
                    + " name(..)");
        }
        byte[] bytes = new Checkpoint(clock.instant(), snapshot()).toBytes();
        String name = settings.name().orElseThrow();
        ModelVersion version = registry.get().register(RegisterRequest.builder(name + "-checkpoints",
                        ArtifactSource.of(bytes))
                .format(CheckpointFormat.NAME)
                .description("online learner checkpoint after " + samples + " samples: " + reason)
                .param("samples", Long.toString(samples))
                .param("generation", Integer.toString(generation))
                .param("strategy", settings.strategy().id())
                .tag("online.checkpoint", name)
                .lineage(new Lineage(champion.version.map(ModelRef::toString).orElse(""), "", ""))
                .build());
        emit(OnlineEvent.Type.CHECKPOINT_SAVED, clock.millis(), reason + " (" + bytes.length + " bytes)",
                Optional.of(version.ref()), Map.of("samples", Long.toString(samples)));
        return version;
    }

    /**
     * Restores a checkpoint the registry holds (verified before a byte is read) and emits RESTORED.
     *
     * @throws dev.mlops.registry.ModelNotFoundException when there is no such version
     * @throws IllegalArgumentException when it is not a checkpoint of these settings
     */
    void restoreFrom(ModelRef checkpoint) {
        Checkpoint loaded = registry.orElseThrow().load(checkpoint.toString(), CheckpointFormat.of());
        restore(loaded.state());
        emit(OnlineEvent.Type.RESTORED, clock.millis(), "restored from " + checkpoint + " (" + loaded.samples()
                + " samples, taken " + loaded.createdAt() + ")", Map.of());
    }

    // ------------------------------------------------------------------ helpers

    /** The buffered examples at these slots as labelled data (feature columns in schema order, then the label). */
    private LabeledData data(int[] slots, String what) {
        int n = slots.length;
        DataTable.Builder table = DataTable.builder();
        double[] numeric = new double[schema.numeric().size()];
        String[] categorical = new String[schema.categorical().size()];
        double[][] numbers = new double[numeric.length][n];
        String[][] texts = new String[categorical.length][n];
        String[] labels = new String[n];
        for (int r = 0; r < n; r++) {
            buffer.numeric(slots[r], numeric);
            buffer.categorical(slots[r], categorical);
            for (int j = 0; j < numeric.length; j++) {
                numbers[j][r] = numeric[j];
            }
            for (int c = 0; c < categorical.length; c++) {
                texts[c][r] = categorical[c] == null ? "" : categorical[c];
            }
            labels[r] = schema.labels().get(buffer.label(slots[r]));
        }
        for (int j = 0; j < numeric.length; j++) {
            table.numeric(schema.numeric().get(j), numbers[j]);
        }
        for (int c = 0; c < categorical.length; c++) {
            table.categorical(schema.categorical().get(c), texts[c]);
        }
        table.categorical(schema.labelColumn(), labels);
        return LabeledData.of(table.build(), schema.labelColumn(), settings.name().orElse("online") + " " + what
                + " examples, samples " + range(slots));
    }

    private String range(int[] slots) {
        return slots.length == 0 ? "none" : buffer.sample(slots[0]) + "-" + buffer.sample(slots[slots.length - 1]);
    }

    static String format(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    @Override
    public void close() {
        if (trainer != null) {
            trainer.close();
        }
    }
}
