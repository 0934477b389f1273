package dev.mlops.online;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Prediction;
import dev.mlops.online.internal.Rows;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelVersion;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An online learner driven on the caller's thread, one row at a time: replays of recorded streams,
 * back-tests, and what {@code mlops online simulate} runs. It is the same engine as
 * {@link OnlineLearner} (the same learning, triggers, retraining, validation, registry steps and
 * checkpoints) without the queue and the writer thread, so a run is deterministic: the same rows,
 * settings and seed give the same predictions, bit for bit. Not thread-safe.
 *
 * <pre>{@code
 * try (Simulation simulation = OnlineLearner.builder(OnlineSchema.infer(table, "label"))
 *         .strategy(Strategy.ADAPTIVE).simulation()) {
 *     SimulationResult result = simulation.run(table);
 *     System.out.println(result.prequentialAccuracy() + " " + result.driftsDetected());
 * }
 * }</pre>
 */
public final class Simulation implements AutoCloseable {

    private final Engine engine;
    private final Settings settings;
    private final OnlineSchema schema;
    private final InstantSource clock;
    private final Events events;
    private final double[] scratch;

    Simulation(Engine engine, Settings settings, InstantSource clock, Events events) {
        this.engine = engine;
        this.settings = settings;
        this.schema = settings.schema();
        this.clock = clock;
        this.events = events;
        this.scratch = new double[schema.labels().size()];
    }

    /**
     * Replays every row of a table in order: a row with a label is predicted, scored and then
     * learned (prequential); a row without one (empty label cell) is only predicted.
     *
     * @throws DataException if the table lacks a feature or the label column, holds a number that
     *     is not one, or a label the schema does not have (naming the row, 1-based)
     */
    public SimulationResult run(DataTable table) {
        String source = "stream";
        List<String> labels = LabeledData.of(table, schema.labelColumn(), source).labels();
        Rows.Bound bound = Rows.bind(schema, table, source);
        double[] numeric = new double[schema.numeric().size()];
        String[] categorical = new String[schema.categorical().size()];
        List<Integer> drifts = new ArrayList<>();
        long unlabeled = 0;
        long start = System.nanoTime();
        long samplesBefore = engine.samples();
        for (int r = 0; r < bound.rows(); r++) {
            bound.numeric(r, numeric);
            bound.categorical(r, categorical);
            String label = labels.get(r);
            if (label.isEmpty()) {
                engine.predict(numeric, categorical, scratch);
                unlabeled++;
                continue;
            }
            int index = schema.labels().indexOf(label);
            if (index < 0) {
                throw new DataException(source, 0, schema.labelColumn(), "row " + (r + 1) + ": label '" + label
                        + "' is not one of " + schema.labels());
            }
            int before = engine.driftCount();
            engine.process(numeric, categorical, index, -1, clock.millis(), scratch);
            if (engine.driftCount() > before) {
                drifts.add(r);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        engine.publish();
        LearnerMetrics m = engine.metrics();
        long processed = engine.samples() - samplesBefore;
        return new SimulationResult(processed, unlabeled, m.accuracy(), m.updates(), m.retrains(), m.promotions(),
                m.rejections(), m.rollbacks(), drifts, seconds > 0 ? processed / seconds : 0, m.kappa(),
                m.windowAccuracy(), seconds, settings.strategy(), settings.detector(), settings.optimizer(),
                schema.labels());
    }

    /**
     * One labelled example: predicted (into {@code probabilities}), scored, then learned.
     *
     * @param label the label's index in the schema's labels
     * @return the predicted label index, before learning
     * @throws IllegalArgumentException on wrong lengths, an infinite value or a bad label index
     */
    public int step(double[] numeric, String[] categorical, int label, double[] probabilities) {
        check(numeric, categorical, label, probabilities);
        return engine.process(numeric, categorical, label, -1, clock.millis(), probabilities);
    }

    /**
     * One labelled example given as column → value: predicted, scored, then learned.
     *
     * @return the prediction made before learning
     * @throws IllegalArgumentException for a label the schema does not have
     * @throws DataException naming a column the row lacks or a value that is not a number
     */
    public Prediction step(Map<String, ?> row, String label) {
        double[] numeric = Rows.numeric(schema, row);
        String[] categorical = Rows.categorical(schema, row);
        double[] p = new double[schema.labels().size()];
        int best = step(numeric, categorical, schema.labelIndex(label), p);
        return OnlineModel.prediction(schema.labels(), best, p);
    }

    /** The current model's prediction of a row, without learning. */
    public Prediction predict(Map<String, ?> row) {
        return engine.serving().predict(row);
    }

    /**
     * Retrains now (trigger {@code manual}).
     *
     * @return the deciding event: PROMOTED, REJECTED, RETRAIN_SKIPPED or FAILED
     */
    public OnlineEvent retrain(String reason) {
        return engine.retrain(TriggerKind.MANUAL, Objects.requireNonNull(reason, "reason"), 0, clock.millis());
    }

    /**
     * Saves the whole state as a new version of {@code NAME-checkpoints}; see {@link OnlineLearner#checkpoint}.
     *
     * @throws IllegalStateException without a registry
     */
    public ModelVersion checkpoint(String reason) {
        return engine.checkpoint(Objects.requireNonNull(reason, "reason"));
    }

    /** The counters and prequential metrics now. */
    public LearnerMetrics metrics() {
        return engine.metrics();
    }

    /** The most recent events, oldest first. */
    public List<OnlineEvent> events() {
        return events.history();
    }

    /** A snapshot of the current incremental model, or empty while a batch-trained model serves. */
    public Optional<OnlineModel> model() {
        engine.publish();
        return Optional.ofNullable(engine.serving().online);
    }

    /** The current model's registered version, if any. */
    public Optional<ModelRef> servingVersion() {
        return engine.championVersion();
    }

    /** The current model's generation. */
    public int generation() {
        return engine.generation();
    }

    /**
     * Adds a listener for the events and metrics from now on (the events before, such as a restored
     * simulation's RESTORED, are in {@link #events()}); it runs on the caller's thread.
     */
    public void addListener(OnlineListener listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener; nothing for an unknown one. */
    public void removeListener(OnlineListener listener) {
        events.remove(listener);
    }

    private void check(double[] numeric, String[] categorical, int label, double[] probabilities) {
        if (numeric.length != schema.numeric().size() || categorical.length != schema.categorical().size()
                || label < 0 || label >= schema.labels().size() || probabilities.length != schema.labels().size()) {
            throw new IllegalArgumentException("expected " + schema.numeric().size() + " numeric and "
                    + schema.categorical().size() + " categorical values, a label index below " + schema.labels().size()
                    + " and room for " + schema.labels().size() + " probabilities");
        }
        for (double v : numeric) {
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("a numeric value is infinite");
            }
        }
    }

    /** Releases the batch trainer's threads, if one was started; the registry stays open. */
    @Override
    public void close() {
        engine.close();
    }
}
