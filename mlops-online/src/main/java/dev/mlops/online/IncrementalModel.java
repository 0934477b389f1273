package dev.mlops.online;

import dev.mlops.online.internal.LinearState;
import java.util.Objects;

/**
 * A logistic regression that learns one example at a time (binary, or multinomial with softmax),
 * trained by FTRL-Proximal or AdaGrad, with online standardization and hashed categorical
 * features as its {@link OnlineSchema} says. Learning and prediction allocate nothing.
 *
 * <p>Not thread-safe: one thread learns. To serve predictions to other threads, publish
 * {@link #snapshot()}s (an {@link OnlineLearner} does that for you).
 *
 * <pre>{@code
 * IncrementalModel model = IncrementalModel.create(OnlineSchema.of("y", List.of("no", "yes"), List.of("x1", "x2")),
 *         Optimizer.ftrl());
 * double[] p = new double[2];
 * int predicted = model.learn(new double[] {0.3, 1.7}, new String[0], model.schema().labelIndex("yes"), p);
 * }</pre>
 */
public final class IncrementalModel {

    private final LinearState state;
    private final double[] scratch;

    private IncrementalModel(LinearState state) {
        this.state = state;
        this.scratch = new double[state.schema().labels().size()];
    }

    /** A model that has learned nothing: every label equally likely. */
    public static IncrementalModel create(OnlineSchema schema, Optimizer optimizer) {
        return new IncrementalModel(LinearState.create(Objects.requireNonNull(schema, "schema"),
                Objects.requireNonNull(optimizer, "optimizer")));
    }

    /** A model that continues from a snapshot: its weights, optimiser state and statistics. */
    public static IncrementalModel from(OnlineModel model) {
        return new IncrementalModel(model.state().copy());
    }

    /** What the model reads and predicts. */
    public OnlineSchema schema() {
        return state.schema();
    }

    /** The optimiser. */
    public Optimizer optimizer() {
        return state.optimizer();
    }

    /** Examples learned from. */
    public long examples() {
        return state.examples();
    }

    /** Optimiser steps taken (one per {@link #learn}, one per {@link #applyBatch}). */
    public long updates() {
        return state.updates();
    }

    /**
     * Learns one example: one optimiser step on its log loss, then its numeric values join the
     * standardization statistics.
     *
     * @param numeric numeric values in schema order, {@code NaN} for missing
     * @param categorical categorical values in schema order
     * @param label the label's index in {@link OnlineSchema#labels()}
     * @throws IllegalArgumentException on wrong lengths, an infinite value or a bad label index
     */
    public void learn(double[] numeric, String[] categorical, int label) {
        learn(numeric, categorical, label, scratch);
    }

    /**
     * Predicts one example and then learns it (prequential): the probabilities before the update
     * go to {@code before}.
     *
     * @return the label index predicted before the update
     * @throws IllegalArgumentException on wrong lengths, an infinite value or a bad label index
     */
    public int learn(double[] numeric, String[] categorical, int label, double[] before) {
        check(numeric, categorical, label, before);
        return state.learn(numeric, categorical, label, before, true);
    }

    /**
     * Predicts one example and adds its gradient to the pending mini-batch; {@link #applyBatch()}
     * takes one step with the batch's mean gradient.
     *
     * @return the label index predicted
     */
    public int accumulate(double[] numeric, String[] categorical, int label, double[] before) {
        check(numeric, categorical, label, before);
        return state.accumulate(numeric, categorical, label, before);
    }

    /** Takes one step with the mean gradient of the examples accumulated since the last; none when there are none. */
    public void applyBatch() {
        state.applyBatch();
    }

    /**
     * The probability of each label into {@code probabilities}.
     *
     * @return the index of the most probable label (the first on a tie)
     */
    public int predict(double[] numeric, String[] categorical, double[] probabilities) {
        state.check(numeric, categorical);
        if (probabilities.length != scratch.length) {
            throw new IllegalArgumentException("probabilities needs room for " + scratch.length + " labels");
        }
        return state.predict(numeric, categorical, probabilities);
    }

    /**
     * An immutable copy of the model as it is now, for serving and registering. Costs a copy of
     * the weights and accumulators (three arrays of outputs × dimension doubles).
     */
    public OnlineModel snapshot() {
        return OnlineModel.of(state.snapshotCopy());
    }

    private void check(double[] numeric, String[] categorical, int label, double[] before) {
        state.check(numeric, categorical);
        state.checkLabel(label);
        if (before.length != scratch.length) {
            throw new IllegalArgumentException("before needs room for " + scratch.length + " labels");
        }
    }

    @Override
    public String toString() {
        return "IncrementalModel[" + optimizer().name() + ", " + schema().labels() + ", " + examples() + " examples]";
    }
}
