package dev.mlops.online;

import dev.mlops.model.Prediction;
import dev.mlops.registry.ModelRef;
import dev.mlops.training.TrainedModel;
import java.util.Map;
import java.util.Optional;

/**
 * What predictions are served from: an immutable model with its generation and registered
 * version. Published through an atomic reference, so a reader sees one whole model or another,
 * never a mix.
 */
final class Serving {

    final OnlineModel online;
    final TrainedModel batch;
    final int generation;
    final Optional<ModelRef> version;

    Serving(OnlineModel online, TrainedModel batch, int generation, Optional<ModelRef> version) {
        this.online = online;
        this.batch = batch;
        this.generation = generation;
        this.version = version;
    }

    int predict(OnlineSchema schema, double[] numeric, String[] categorical, double[] out) {
        return online != null ? online.predict(numeric, categorical, out)
                : Champion.predictBatch(batch, schema, numeric, categorical, out);
    }

    Prediction predict(Map<String, ?> row) {
        return online != null ? online.predict(row) : batch.predict(row);
    }
}
