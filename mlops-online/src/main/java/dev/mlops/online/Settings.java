package dev.mlops.online;

import dev.mlops.model.Metric;
import dev.mlops.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Everything an {@link OnlineLearner.Builder} collected, checked. */
record Settings(
        OnlineSchema schema,
        Optimizer optimizer,
        Strategy strategy,
        int batchSize,
        BufferPolicy buffer,
        Detector detector,
        List<Trigger> triggers,
        Challenger challenger,
        double holdoutFraction,
        int minRetrainRows,
        Metric metric,
        double minImprovement,
        UnaryOperator<Validator.Builder> validation,
        int watchExamples,
        double watchTolerance,
        int window,
        int publishEvery,
        Optional<String> name,
        long seed,
        int eventHistory,
        int queueCapacity,
        Duration offerTimeout,
        int pendingLimit,
        Duration pendingExpiry) {

    Settings {
        triggers = List.copyOf(triggers);
    }

    /** The settings a snapshot of the learner's state depends on. */
    LearnerSnapshot.Shape shape() {
        return new LearnerSnapshot.Shape(schema, optimizer, strategy, batchSize, buffer, detector, window);
    }

    /** Whether triggers other than manual ones start retrainings. */
    boolean retrainsOnTriggers() {
        return strategy == Strategy.PERIODIC || strategy == Strategy.ADAPTIVE;
    }

    /** The trigger of a kind, if configured. */
    <T extends Trigger> Optional<T> trigger(Class<T> type) {
        return triggers.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
