package dev.mlops.online;

import java.time.Duration;
import java.util.Objects;

/**
 * A condition that makes an online learner train a challenger (strategies {@link Strategy#PERIODIC}
 * and {@link Strategy#ADAPTIVE}; the others retrain only when asked). Two more reasons need no
 * configuration: {@link OnlineLearner#retrain} (manual) and a data-drift alert from a
 * {@link dev.mlops.drift.DriftMonitor} ({@link OnlineLearner#onDriftAlert}).
 */
public sealed interface Trigger permits Trigger.BufferFull, Trigger.AccuracyDrop, Trigger.Drift, Trigger.NewData,
        Trigger.Freshness, Trigger.Schedule {

    /** When as many labelled examples as the buffer holds have arrived since the last retraining. */
    static Trigger bufferFull() {
        return new BufferFull();
    }

    /**
     * When the windowed prequential accuracy falls below the serving model's baseline by
     * {@code margin} (absolute, e.g. 0.05 for five points). The window is the learner's metrics
     * window; the baseline is the model's prequential accuracy before that window, over its time in
     * service. Checked once the model has served two windows, and at most once per window. As
     * after {@link #drift()}, the challenger learns from the examples that arrive after the drop
     * was noticed, once there are enough.
     */
    static Trigger accuracyDrop(double margin) {
        return new AccuracyDrop(margin);
    }

    /**
     * When the learner's {@link Detector} finds the error rate rising. The challenger learns only
     * from the examples that arrive after the detection, once there are enough of them (the
     * builder's {@code minRetrainRows}): a model that just degraded is replaced by one that learned
     * only the new concept, never a mix (detectors' own estimates of the change point often reach
     * back into the old concept).
     */
    static Trigger drift() {
        return new Drift();
    }

    /** After {@code examples} labelled examples since the last retraining. */
    static Trigger newData(long examples) {
        return new NewData(examples);
    }

    /** When the newest example the serving model learned from is older than {@code maxAge} (by the learner's clock). */
    static Trigger freshness(Duration maxAge) {
        return new Freshness(maxAge);
    }

    /** Every {@code interval} since the last retraining (or the start), by the learner's clock. */
    static Trigger schedule(Duration interval) {
        return new Schedule(interval);
    }

    /** What fired, as recorded in events and registry tags. */
    TriggerKind kind();

    /** See {@link Trigger#bufferFull()}. */
    record BufferFull() implements Trigger {
        @Override
        public TriggerKind kind() {
            return TriggerKind.BUFFER_FULL;
        }
    }

    /**
     * See {@link Trigger#accuracyDrop(double)}.
     *
     * @param margin in (0, 1)
     */
    record AccuracyDrop(double margin) implements Trigger {
        public AccuracyDrop {
            if (!(margin > 0 && margin < 1)) {
                throw new IllegalArgumentException("accuracy-drop margin must be in (0, 1), got " + margin);
            }
        }

        @Override
        public TriggerKind kind() {
            return TriggerKind.ACCURACY_DROP;
        }
    }

    /** See {@link Trigger#drift()}. */
    record Drift() implements Trigger {
        @Override
        public TriggerKind kind() {
            return TriggerKind.DRIFT;
        }
    }

    /**
     * See {@link Trigger#newData(long)}.
     *
     * @param examples at least 1
     */
    record NewData(long examples) implements Trigger {
        public NewData {
            if (examples < 1) {
                throw new IllegalArgumentException("new-data count must be at least 1, got " + examples);
            }
        }

        @Override
        public TriggerKind kind() {
            return TriggerKind.NEW_DATA;
        }
    }

    /**
     * See {@link Trigger#freshness(Duration)}.
     *
     * @param maxAge positive
     */
    record Freshness(Duration maxAge) implements Trigger {
        public Freshness {
            positive(maxAge, "freshness max age");
        }

        @Override
        public TriggerKind kind() {
            return TriggerKind.FRESHNESS;
        }
    }

    /**
     * See {@link Trigger#schedule(Duration)}.
     *
     * @param interval positive
     */
    record Schedule(Duration interval) implements Trigger {
        public Schedule {
            positive(interval, "schedule interval");
        }

        @Override
        public TriggerKind kind() {
            return TriggerKind.SCHEDULE;
        }
    }

    private static void positive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
    }
}
