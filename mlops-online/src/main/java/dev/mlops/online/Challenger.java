package dev.mlops.online;

import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainingSpec;
import java.util.Objects;

/**
 * How a retraining builds its challenger from the buffer's training part (all but the newest
 * examples, which are held out for validation).
 */
public sealed interface Challenger permits Challenger.Incremental, Challenger.Batch {

    /**
     * A fresh incremental model with the learner's schema and optimiser: its standardization fitted
     * on the training part, then {@code epochs} passes over it in seeded shuffled order. It keeps
     * learning online once it serves.
     */
    static Challenger incremental(int epochs) {
        return new Incremental(epochs);
    }

    /**
     * A model from the batch {@link dev.mlops.training.Trainer} (Tribuo) with this spec; the
     * learner's positive class and, with a registry, its registration are added. Once promoted it
     * serves as trained: incremental steps apply to incremental models only.
     */
    static Challenger batch(TrainingSpec spec) {
        return new Batch(spec);
    }

    /** The batch trainer's logistic regression (20 epochs), no cross-validation, 10% of the rows for its test metrics. */
    static Challenger batch() {
        return new Batch(TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).testFraction(0.1).build());
    }

    /** {@code incremental} or the batch algorithm's id. */
    String describe();

    /**
     * See {@link Challenger#incremental(int)}.
     *
     * @param epochs passes over the training part, 1 to 1,000
     */
    record Incremental(int epochs) implements Challenger {
        public Incremental {
            if (epochs < 1 || epochs > 1_000) {
                throw new IllegalArgumentException("epochs must be 1 to 1,000, got " + epochs);
            }
        }

        @Override
        public String describe() {
            return "incremental, " + epochs + " epochs";
        }
    }

    /**
     * See {@link Challenger#batch(TrainingSpec)}.
     *
     * @param spec what to train; its registration, if any, is replaced by the learner's
     */
    record Batch(TrainingSpec spec) implements Challenger {
        public Batch {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public String describe() {
            return "batch " + spec.algorithm().id();
        }
    }
}
