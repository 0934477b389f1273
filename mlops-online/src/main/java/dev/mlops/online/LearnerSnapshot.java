package dev.mlops.online;

import dev.mlops.drift.Adwin;
import dev.mlops.drift.Ddm;
import dev.mlops.drift.PageHinkley;
import dev.mlops.drift.StreamDetector;
import dev.mlops.online.internal.ExampleBuffer;
import dev.mlops.online.internal.LinearState;
import dev.mlops.online.internal.PendingPredictions;
import dev.mlops.online.internal.Prequential;
import dev.mlops.registry.ModelRef;
import dev.mlops.training.TrainedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The whole state of an online learner at one moment, as a value: what {@link Engine#snapshot()}
 * returns, {@link Engine#restore} continues from bit for bit, and a {@link Checkpoint} stores. Its
 * parts are values too: nothing in it changes after it is taken, and restoring copies what the
 * learner will change, so one snapshot can be restored any number of times.
 *
 * @param shape the settings it was taken with, which the restoring learner must share
 * @param counters the counters and the retraining bookkeeping
 * @param randomState the generator of challenger shuffles
 * @param drifts the sample numbers at which drift was detected, in order
 * @param pendingRetrain a retraining waiting for enough examples after a detected change
 * @param champion the serving model
 * @param watch a newly promoted model's watch, with the predecessor it may be rolled back to
 * @param lagged prediction-only copies of an incremental champion, oldest first
 * @param buffer the buffered examples
 * @param prequential the prequential counts and window
 * @param detector the error-stream detector
 * @param pendingPredictions predictions served under a key, waiting for their label, oldest first
 */
record LearnerSnapshot(Shape shape, Counters counters, long randomState, List<Long> drifts,
        Optional<Engine.PendingRetrain> pendingRetrain, ChampionState champion, Optional<WatchState> watch,
        List<Engine.Lagged> lagged, ExampleBuffer.Snapshot buffer, Prequential.Snapshot prequential,
        DetectorSnapshot<?> detector, List<PendingPredictions.Entry> pendingPredictions) {

    LearnerSnapshot {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(counters, "counters");
        drifts = List.copyOf(drifts);
        Objects.requireNonNull(pendingRetrain, "pendingRetrain");
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(watch, "watch");
        lagged = List.copyOf(lagged);
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(prequential, "prequential");
        Objects.requireNonNull(detector, "detector");
        pendingPredictions = List.copyOf(pendingPredictions);
    }

    /**
     * The settings the state's meaning and sizes depend on: a snapshot continues only in a learner
     * with the same ones.
     *
     * @param schema what the models read and predict
     * @param optimizer the incremental models' optimiser
     * @param strategy how the serving model learns
     * @param batchSize examples per mini-batch step
     * @param buffer which examples are kept
     * @param detector the error-stream detector's settings
     * @param window the metrics window, in samples
     */
    record Shape(OnlineSchema schema, Optimizer optimizer, Strategy strategy, int batchSize, BufferPolicy buffer,
            Detector detector, int window) {

        Shape {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(buffer, "buffer");
            Objects.requireNonNull(detector, "detector");
        }

        /**
         * Checks that a learner with {@code learner}'s settings can continue from this state.
         *
         * @throws IllegalArgumentException naming the first setting that differs, with both values
         */
        void requireSameAs(Shape learner) {
            Map<String, Object> mine = fields();
            Map<String, Object> theirs = learner.fields();
            for (Map.Entry<String, Object> field : mine.entrySet()) {
                Object wanted = theirs.get(field.getKey());
                if (!field.getValue().equals(wanted)) {
                    throw new IllegalArgumentException("the checkpoint was taken with " + field.getKey() + " "
                            + field.getValue() + ", the learner has " + wanted + "; restore it with the same settings");
                }
            }
        }

        private Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("schema", schema);
            fields.put("optimizer", optimizer);
            fields.put("strategy", strategy.id());
            fields.put("batchSize", batchSize);
            fields.put("buffer", buffer);
            fields.put("detector", detector);
            fields.put("window", window);
            return fields;
        }
    }

    /**
     * The counters: labelled examples processed, optimiser steps of the serving model, challengers
     * trained, promoted, rejected and rolled back, failures, the serving model's generation, and the
     * sample and time (ms since the epoch) of the last retraining.
     */
    record Counters(long samples, long updates, long retrains, long promotions, long rejections, long rollbacks,
            long failures, int generation, long lastRetrainSample, long lastRetrainMillis) {
    }

    /**
     * A model the learner serves or watches: its numbers, its registered version, and its record
     * while serving.
     *
     * @param model an incremental model with its pending mini-batch, or a batch-trained model
     * @param version its registered version, if it was registered
     * @param seen labelled examples it predicted while serving
     * @param correct of them, right
     * @param newestMillis the time of the newest example it learned from, in ms since the epoch (0: none)
     */
    record ChampionState(ModelState model, Optional<ModelRef> version, long seen, long correct, long newestMillis) {

        ChampionState {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(version, "version");
        }
    }

    /** A served model's numbers: incremental or batch-trained. */
    sealed interface ModelState permits Incremental, Batch {
    }

    /**
     * An incremental model: its weights, optimiser accumulators and standardization statistics, and
     * the examples accumulated towards its next mini-batch step.
     */
    record Incremental(OnlineModel model, LinearState.MiniBatch miniBatch) implements ModelState {

        Incremental {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(miniBatch, "miniBatch");
        }
    }

    /** A batch-trained model, served as trained. */
    record Batch(TrainedModel model) implements ModelState {

        Batch {
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * The watch of a newly promoted model.
     *
     * @param predecessor the model it replaced, which predicts (and learns) in the shadow
     * @param promotedAt the sample at which it was promoted
     * @param seen labelled examples since the promotion
     * @param newCorrect of them, right for the new model
     * @param oldCorrect of them, right for the predecessor
     */
    record WatchState(ChampionState predecessor, long promotedAt, long seen, long newCorrect, long oldCorrect) {

        WatchState {
            Objects.requireNonNull(predecessor, "predecessor");
        }
    }

    /**
     * The error-stream detector's state: the drift module's snapshot of its kind
     * ({@link Adwin.Snapshot}, {@link Ddm.Snapshot} or {@link PageHinkley.Snapshot}), with the
     * drift module's restore for it.
     *
     * @param <S> the kind of snapshot
     * @param state the snapshot
     * @param restorer makes a detector in that state
     */
    record DetectorSnapshot<S extends Record>(S state, Function<S, StreamDetector> restorer) {

        DetectorSnapshot {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(restorer, "restorer");
        }

        /** The state of one of the drift module's detectors. */
        static DetectorSnapshot<?> of(StreamDetector detector) {
            if (detector instanceof Adwin adwin) {
                return new DetectorSnapshot<>(adwin.snapshot(), Adwin::restore);
            }
            if (detector instanceof Ddm ddm) {
                return new DetectorSnapshot<>(ddm.snapshot(), Ddm::restore);
            }
            return new DetectorSnapshot<>(((PageHinkley) detector).snapshot(), PageHinkley::restore);
        }

        /**
         * A new detector in this state.
         *
         * @throws IllegalArgumentException when the state's settings or arrays are invalid
         */
        StreamDetector restore() {
            return restorer.apply(state);
        }
    }
}
