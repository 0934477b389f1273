package dev.mlops.online;

import dev.mlops.registry.ModelRef;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One decision or observation of an online learner, with its reason: the audit record of the
 * learner (registry mutations are also in the registry's audit log, with the same reason).
 *
 * @param time when it happened (the learner's clock)
 * @param sample how many labelled examples the learner had processed, this one included
 * @param type what happened
 * @param reason why, in one sentence
 * @param generation the serving model's generation after the event (0: the first model; each
 *     promotion and rollback moves it on)
 * @param version the registered version the event concerns, if any
 * @param details facts behind the decision (trigger, rows, metrics, ...), in a stable order
 */
public record OnlineEvent(Instant time, long sample, Type type, String reason, int generation,
        Optional<ModelRef> version, Map<String, String> details) {

    /** What happened. */
    public enum Type {
        /** The error-stream detector found the error rate rising. */
        DRIFT_DETECTED,
        /** A trigger fired and a challenger is being trained. */
        RETRAIN_STARTED,
        /** A trigger fired but there was not enough data; details say how much. */
        RETRAIN_SKIPPED,
        /** The challenger passed validation and now serves. */
        PROMOTED,
        /** The challenger failed validation (or a promotion gate refused it); the champion keeps serving. */
        REJECTED,
        /** A newly promoted model did worse than its predecessor in the watch window; the predecessor serves again. */
        ROLLED_BACK,
        /** A newly promoted model did at least as well as its predecessor in the watch window. */
        KEPT,
        /** The learner's state was saved as a checkpoint. */
        CHECKPOINT_SAVED,
        /** The learner's state was restored from a checkpoint. */
        RESTORED,
        /** Something failed (training, the registry, a listener); the learner carries on. */
        FAILED
    }

    public OnlineEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(version, "version");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    @Override
    public String toString() {
        return "#" + sample + " " + type + version.map(v -> " " + v).orElse("") + ": " + reason;
    }
}
