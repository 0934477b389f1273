package dev.mlops.online;

import dev.mlops.model.Classifier;
import dev.mlops.model.Prediction;
import dev.mlops.online.internal.LinearState;
import dev.mlops.registry.ModelRef;
import dev.mlops.training.TrainedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model the writer serves (or watches): either an incremental state it keeps learning, or a
 * batch-trained model it serves as trained. Counts its prequential record while serving. Part of
 * the {@link Engine}'s state, changed by the engine only, on its one thread.
 */
final class Champion {

    /** The learning state of an incremental model; null for a batch model. */
    final LinearState live;
    /** A batch-trained model; null for an incremental one. */
    final TrainedModel batch;
    final Optional<ModelRef> version;
    long seen;
    long correct;
    /** Time of the newest example it learned from, in ms since the epoch (0: none). */
    long newestMillis;

    private Champion(LinearState live, TrainedModel batch, Optional<ModelRef> version, long newestMillis) {
        this.live = live;
        this.batch = batch;
        this.version = version;
        this.newestMillis = newestMillis;
    }

    static Champion incremental(LinearState state, Optional<ModelRef> version, long newestMillis) {
        return new Champion(state, null, version, newestMillis);
    }

    static Champion batch(TrainedModel model, Optional<ModelRef> version, long newestMillis) {
        return new Champion(null, model, version, newestMillis);
    }

    /** Its state as a value: the incremental model's numbers (copied) or the batch model, and its record. */
    LearnerSnapshot.ChampionState snapshot() {
        LearnerSnapshot.ModelState model = live != null
                ? new LearnerSnapshot.Incremental(OnlineModel.of(live.snapshotCopy()), live.miniBatch())
                : new LearnerSnapshot.Batch(batch);
        return new LearnerSnapshot.ChampionState(model, version, seen, correct, newestMillis);
    }

    /**
     * A champion in the state of a {@link #snapshot()}, learning on from a copy of its numbers.
     *
     * @throws IllegalArgumentException when its mini-batch does not fit its model
     */
    static Champion restore(LearnerSnapshot.ChampionState state) {
        Champion champion;
        if (state.model() instanceof LearnerSnapshot.Incremental incremental) {
            champion = incremental(LinearState.resume(incremental.model().state(), incremental.miniBatch()),
                    state.version(), state.newestMillis());
        } else {
            champion = batch(((LearnerSnapshot.Batch) state.model()).model(), state.version(), state.newestMillis());
        }
        champion.seen = state.seen();
        champion.correct = state.correct();
        return champion;
    }

    /** The probabilities of each label into {@code out}; returns the most probable label's index. */
    int predict(OnlineSchema schema, double[] numeric, String[] categorical, double[] out) {
        return live != null ? live.predict(numeric, categorical, out) : predictBatch(batch, schema, numeric, categorical, out);
    }

    /** An immutable copy to serve from other threads. */
    Serving serving(int generation) {
        return new Serving(live != null ? OnlineModel.of(live.snapshotCopy()) : null, batch, generation, version);
    }

    /** The model as the validator sees it: the batch model, or a snapshot of the incremental one. */
    Classifier classifier() {
        return batch != null ? batch : OnlineModel.of(live.snapshotCopy());
    }

    /** {@code incremental (ftrl)} or {@code batch (logistic)}. */
    String describe() {
        return live != null ? "incremental (" + live.optimizer().name() + ")" : "batch (" + batch.algorithm() + ")";
    }

    /**
     * A batch model's prediction of a row given as arrays, in the schema's label order (a label the
     * model does not know gets probability 0).
     */
    static int predictBatch(TrainedModel model, OnlineSchema schema, double[] numeric, String[] categorical,
            double[] out) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int j = 0; j < numeric.length; j++) {
            row.put(schema.numeric().get(j), Double.isNaN(numeric[j]) ? null : numeric[j]);
        }
        for (int c = 0; c < categorical.length; c++) {
            row.put(schema.categorical().get(c), categorical[c] == null || categorical[c].isEmpty() ? null : categorical[c]);
        }
        Prediction p = model.predict(row);
        List<String> labels = schema.labels();
        int best = 0;
        for (int k = 0; k < labels.size(); k++) {
            out[k] = p.probabilities().getOrDefault(labels.get(k), 0.0);
            if (out[k] > out[best]) {
                best = k;
            }
        }
        return best;
    }
}
