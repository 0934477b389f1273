package dev.mlops.online.internal;

import dev.mlops.data.UnitHash;
import dev.mlops.online.OnlineSchema;
import dev.mlops.online.Optimizer;
import java.util.Arrays;

/**
 * The weights, optimiser accumulators and standardization statistics of a logistic regression,
 * with the arithmetic that predicts and learns. Binary models have one weight vector (the second
 * label's log-odds), multiclass models one per label (softmax). Weights of output k are
 * {@code w[k·D + j]} with D = numeric columns + hash buckets + 1: numeric features first, then
 * the buckets, the bias last.
 *
 * <p>{@link #predict} only reads and may run on many threads at once; everything else is for one
 * writer thread (it uses scratch arrays). Prediction and learning add up the terms in the same
 * order, so the probabilities {@link #learn} computes before its update are bit for bit those
 * {@link #predict} gives for the same state. Nothing on the learning path allocates.
 */
public final class LinearState {

    private final OnlineSchema schema;
    private final Optimizer optimizer;
    private final boolean ftrl;
    private final double alpha;
    private final double beta;
    private final double l1;
    private final double l2;
    private final double rate;
    private final double epsilon;
    private final boolean standardize;
    private final int numericCount;
    private final int categoricalCount;
    private final int labelCount;
    private final int outputs;
    private final int dim;
    private final int bias;
    private final int buckets;
    private final long[] columnSeeds;

    private final double[] w;
    /** FTRL: z; AdaGrad: the sum of squared gradients. */
    private final double[] a1;
    /** FTRL: n, the sum of squared gradients; AdaGrad: unused (empty). */
    private final double[] a2;
    private final long[] count;
    private final double[] mean;
    private final double[] m2;
    private long examples;
    private long updates;

    // mini-batch: summed gradients of the examples since the last step, and which columns they touched
    private final double[] gradientSum;
    private final boolean[] marked;
    private final int[] touched;
    private int touchedCount;
    private int batchCount;

    // writer scratch
    private final double[] xs;
    private final int[] idx;
    private final int[] runIndex;
    private final int[] runCount;

    private LinearState(OnlineSchema schema, Optimizer optimizer) {
        this(schema, optimizer, true, true);
    }

    /**
     * With {@code learning} false, no scratch or mini-batch arrays; with {@code accumulators} false
     * also no optimiser state (see {@link #snapshotCopy()} and {@link #predictionCopy()}).
     */
    private LinearState(OnlineSchema schema, Optimizer optimizer, boolean learning, boolean accumulators) {
        this.schema = schema;
        this.optimizer = optimizer;
        if (optimizer instanceof Optimizer.Ftrl f) {
            ftrl = true;
            alpha = f.alpha();
            beta = f.beta();
            l1 = f.l1();
            l2 = f.l2();
            rate = 0;
            epsilon = 0;
        } else {
            Optimizer.AdaGrad a = (Optimizer.AdaGrad) optimizer;
            ftrl = false;
            alpha = 0;
            beta = 0;
            l1 = 0;
            l2 = a.l2();
            rate = a.learningRate();
            epsilon = a.epsilon();
        }
        standardize = schema.standardize();
        numericCount = schema.numeric().size();
        categoricalCount = schema.categorical().size();
        labelCount = schema.labels().size();
        outputs = labelCount == 2 ? 1 : labelCount;
        dim = schema.dimension();
        bias = dim - 1;
        buckets = schema.hashBuckets();
        columnSeeds = new long[categoricalCount];
        for (int c = 0; c < categoricalCount; c++) {
            columnSeeds[c] = UnitHash.xxh64(schema.categorical().get(c), schema.hashSeed());
        }
        int size = Math.multiplyExact(outputs, dim);
        int learningSize = learning ? size : 0;
        int accumulatorSize = accumulators ? size : 0;
        w = new double[size];
        a1 = new double[accumulatorSize];
        a2 = new double[ftrl ? accumulatorSize : 0];
        count = new long[numericCount];
        mean = new double[numericCount];
        m2 = new double[numericCount];
        gradientSum = new double[learningSize];
        marked = new boolean[learning ? dim : 0];
        touched = new int[learning ? dim : 0];
        xs = new double[learning ? numericCount : 0];
        idx = new int[learning ? categoricalCount : 0];
        runIndex = new int[learning ? categoricalCount : 0];
        runCount = new int[learning ? categoricalCount : 0];
    }

    /** A model that knows nothing yet: every weight 0, so every label is equally likely. */
    public static LinearState create(OnlineSchema schema, Optimizer optimizer) {
        return new LinearState(schema, optimizer);
    }

    /** A deep copy (weights, accumulators, statistics, counts and the pending mini-batch). */
    public LinearState copy() {
        LinearState copy = new LinearState(schema, optimizer);
        copy.copyFrom(this);
        return copy;
    }

    /**
     * An immutable snapshot: weights, accumulators and statistics, without the scratch and mini-batch
     * arrays only learning needs. It predicts and writes the model's artifact; {@link #copy()} of it
     * is a state that can learn again.
     */
    public LinearState snapshotCopy() {
        LinearState copy = new LinearState(schema, optimizer, false, true);
        System.arraycopy(w, 0, copy.w, 0, w.length);
        System.arraycopy(a1, 0, copy.a1, 0, a1.length);
        System.arraycopy(a2, 0, copy.a2, 0, a2.length);
        System.arraycopy(count, 0, copy.count, 0, count.length);
        System.arraycopy(mean, 0, copy.mean, 0, mean.length);
        System.arraycopy(m2, 0, copy.m2, 0, m2.length);
        copy.examples = examples;
        copy.updates = updates;
        return copy;
    }

    /**
     * A copy that can only predict: the weights and statistics, without the optimiser state (a
     * third of the memory of {@link #copy()} for FTRL). Learning methods fail on it.
     */
    public LinearState predictionCopy() {
        LinearState copy = new LinearState(schema, optimizer, false, false);
        System.arraycopy(w, 0, copy.w, 0, w.length);
        System.arraycopy(count, 0, copy.count, 0, count.length);
        System.arraycopy(mean, 0, copy.mean, 0, mean.length);
        System.arraycopy(m2, 0, copy.m2, 0, m2.length);
        copy.examples = examples;
        copy.updates = updates;
        return copy;
    }

    private void copyFrom(LinearState other) {
        if (other.a1.length != a1.length) {
            throw new IllegalStateException("a prediction-only state cannot be copied into one that learns");
        }
        System.arraycopy(other.w, 0, w, 0, w.length);
        System.arraycopy(other.a1, 0, a1, 0, a1.length);
        System.arraycopy(other.a2, 0, a2, 0, a2.length);
        System.arraycopy(other.count, 0, count, 0, count.length);
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.m2, 0, m2, 0, m2.length);
        // a snapshot has no pending mini-batch: its arrays are empty and the copy's stay zero
        System.arraycopy(other.gradientSum, 0, gradientSum, 0, other.gradientSum.length);
        System.arraycopy(other.marked, 0, marked, 0, other.marked.length);
        System.arraycopy(other.touched, 0, touched, 0, other.touched.length);
        touchedCount = other.touchedCount;
        batchCount = other.batchCount;
        examples = other.examples;
        updates = other.updates;
    }

    /** What the model reads and predicts. */
    public OnlineSchema schema() {
        return schema;
    }

    /** The optimiser and its settings. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Examples learned from (each epoch of a retraining counts). */
    public long examples() {
        return examples;
    }

    /** Optimiser steps taken: one per example, or one per mini-batch. */
    public long updates() {
        return updates;
    }

    /** Examples accumulated in the current mini-batch. */
    public int pendingBatch() {
        return batchCount;
    }

    /** A copy of the numeric columns' means. */
    public double[] means() {
        return mean.clone();
    }

    /** A copy of the weights, output by output. */
    public double[] weights() {
        return w.clone();
    }

    /**
     * Checks an input row's shape and values.
     *
     * @throws IllegalArgumentException on wrong lengths or an infinite number
     */
    public void check(double[] numeric, String[] categorical) {
        if (numeric.length != numericCount || categorical.length != categoricalCount) {
            throw new IllegalArgumentException("expected " + numericCount + " numeric and " + categoricalCount
                    + " categorical values, got " + numeric.length + " and " + categorical.length);
        }
        for (int j = 0; j < numericCount; j++) {
            if (Double.isInfinite(numeric[j])) {
                throw new IllegalArgumentException("column '" + schema.numeric().get(j) + "' is infinite");
            }
        }
    }

    /** Checks a label index. */
    public void checkLabel(int label) {
        if (label < 0 || label >= labelCount) {
            throw new IllegalArgumentException("label index " + label + " is not in [0, " + labelCount + ")");
        }
    }

    // ---------------------------------------------------------------- prediction (read-only)

    /**
     * The probability of each label into {@code out} (length = labels); returns the index of the most
     * probable (the first on a tie). Reads only: safe on many threads while nobody writes.
     */
    public int predict(double[] numeric, String[] categorical, double[] out) {
        if (outputs == 1) {
            double s = w[bias];
            for (int j = 0; j < numericCount; j++) {
                s += w[j] * scaled(j, numeric[j]);
            }
            for (int c = 0; c < categoricalCount; c++) {
                s += w[bucket(c, categorical[c])];
            }
            return binary(s, out);
        }
        for (int k = 0; k < outputs; k++) {
            out[k] = w[k * dim + bias];
        }
        for (int j = 0; j < numericCount; j++) {
            double x = scaled(j, numeric[j]);
            for (int k = 0; k < outputs; k++) {
                out[k] += w[k * dim + j] * x;
            }
        }
        for (int c = 0; c < categoricalCount; c++) {
            int b = bucket(c, categorical[c]);
            for (int k = 0; k < outputs; k++) {
                out[k] += w[k * dim + b];
            }
        }
        return softmax(out);
    }

    /** The weight index of a categorical value: its hash bucket after the numeric columns. */
    public int bucket(int column, String value) {
        long hash = UnitHash.xxh64(value == null ? "" : value, columnSeeds[column]);
        return numericCount + (int) Long.remainderUnsigned(hash, buckets);
    }

    private double scaled(int j, double v) {
        if (Double.isNaN(v)) {
            return standardize ? 0.0 : mean[j];
        }
        if (!standardize) {
            return v;
        }
        long n = count[j];
        double sd = n < 2 ? 1.0 : Math.sqrt(m2[j] / n);
        if (!(sd > 0)) {
            sd = 1.0;
        }
        return (v - mean[j]) / sd;
    }

    private static int binary(double s, double[] out) {
        double p;
        if (s >= 0) {
            p = 1.0 / (1.0 + Math.exp(-s));
        } else {
            double e = Math.exp(s);
            p = e / (1.0 + e);
        }
        out[0] = 1.0 - p;
        out[1] = p;
        return p > out[0] ? 1 : 0;
    }

    private int softmax(double[] out) {
        double max = out[0];
        for (int k = 1; k < outputs; k++) {
            max = Math.max(max, out[k]);
        }
        double sum = 0;
        for (int k = 0; k < outputs; k++) {
            out[k] = Math.exp(out[k] - max);
            sum += out[k];
        }
        int best = 0;
        for (int k = 0; k < outputs; k++) {
            out[k] /= sum;
            if (out[k] > out[best]) {
                best = k;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- learning (one writer)

    /** Fills the scratch arrays and scores them exactly as {@link #predict} does. */
    private int score(double[] numeric, String[] categorical, double[] out) {
        for (int j = 0; j < numericCount; j++) {
            xs[j] = scaled(j, numeric[j]);
        }
        for (int c = 0; c < categoricalCount; c++) {
            idx[c] = bucket(c, categorical[c]);
        }
        if (outputs == 1) {
            double s = w[bias];
            for (int j = 0; j < numericCount; j++) {
                s += w[j] * xs[j];
            }
            for (int c = 0; c < categoricalCount; c++) {
                s += w[idx[c]];
            }
            return binary(s, out);
        }
        for (int k = 0; k < outputs; k++) {
            out[k] = w[k * dim + bias];
        }
        for (int j = 0; j < numericCount; j++) {
            double x = xs[j];
            for (int k = 0; k < outputs; k++) {
                out[k] += w[k * dim + j] * x;
            }
        }
        for (int c = 0; c < categoricalCount; c++) {
            int b = idx[c];
            for (int k = 0; k < outputs; k++) {
                out[k] += w[k * dim + b];
            }
        }
        return softmax(out);
    }

    /**
     * Predicts one example into {@code before}, then takes one optimiser step on its log loss and
     * (with {@code updateStats}) adds its numeric values to the standardization statistics.
     *
     * @return the label predicted before the update
     */
    public int learn(double[] numeric, String[] categorical, int label, double[] before, boolean updateStats) {
        int predicted = score(numeric, categorical, before);
        int distinct = sortBuckets();
        if (outputs == 1) {
            stepOutput(0, before[1] - (label == 1 ? 1.0 : 0.0), distinct);
        } else {
            for (int k = 0; k < outputs; k++) {
                stepOutput(k, before[k] - (label == k ? 1.0 : 0.0), distinct);
            }
        }
        if (updateStats) {
            observe(numeric);
        }
        examples++;
        updates++;
        return predicted;
    }

    /**
     * Predicts one example into {@code before} and adds its gradient to the current mini-batch
     * (and its numeric values to the statistics); {@link #applyBatch} takes the step.
     *
     * @return the label predicted before
     */
    public int accumulate(double[] numeric, String[] categorical, int label, double[] before) {
        int predicted = score(numeric, categorical, before);
        int distinct = sortBuckets();
        for (int k = 0; k < outputs; k++) {
            double g = outputs == 1 ? before[1] - (label == 1 ? 1.0 : 0.0) : before[k] - (label == k ? 1.0 : 0.0);
            int base = k * dim;
            for (int j = 0; j < numericCount; j++) {
                gradientSum[base + j] += g * xs[j];
                mark(j);
            }
            for (int r = 0; r < distinct; r++) {
                gradientSum[base + runIndex[r]] += g * runCount[r];
                mark(runIndex[r]);
            }
            gradientSum[base + bias] += g;
            mark(bias);
        }
        observe(numeric);
        examples++;
        batchCount++;
        return predicted;
    }

    /** Takes one step with the mean gradient of the accumulated mini-batch; nothing when it is empty. */
    public void applyBatch() {
        if (batchCount == 0) {
            return;
        }
        for (int t = 0; t < touchedCount; t++) {
            int j = touched[t];
            for (int k = 0; k < outputs; k++) {
                int i = k * dim + j;
                double g = gradientSum[i] / batchCount;
                gradientSum[i] = 0;
                step(i, g, j != bias);
            }
            marked[j] = false;
        }
        touchedCount = 0;
        batchCount = 0;
        updates++;
    }

    private void mark(int j) {
        if (!marked[j]) {
            marked[j] = true;
            touched[touchedCount++] = j;
        }
    }

    /** Adds numeric values to the standardization statistics (Welford). */
    public void observe(double[] numeric) {
        for (int j = 0; j < numericCount; j++) {
            double v = numeric[j];
            if (Double.isNaN(v)) {
                continue;
            }
            long n = ++count[j];
            double delta = v - mean[j];
            mean[j] += delta / n;
            m2[j] += delta * (v - mean[j]);
        }
    }

    /**
     * Sorts this example's buckets and merges repeats, so that a bucket hit by two columns gets one
     * step with twice the gradient, as a feature of value 2 would.
     *
     * @return the number of distinct buckets, in {@code runIndex} with their multiplicity in {@code runCount}
     */
    private int sortBuckets() {
        int n = categoricalCount;
        if (n == 0) {
            return 0;
        }
        for (int c = 0; c < n; c++) {
            runIndex[c] = idx[c];
        }
        for (int i = 1; i < n; i++) {
            int v = runIndex[i];
            int j = i - 1;
            while (j >= 0 && runIndex[j] > v) {
                runIndex[j + 1] = runIndex[j];
                j--;
            }
            runIndex[j + 1] = v;
        }
        int distinct = 0;
        for (int i = 0; i < n; ) {
            int b = runIndex[i];
            int m = 1;
            while (i + m < n && runIndex[i + m] == b) {
                m++;
            }
            runIndex[distinct] = b;
            runCount[distinct] = m;
            distinct++;
            i += m;
        }
        return distinct;
    }

    private void stepOutput(int k, double g, int distinct) {
        int base = k * dim;
        for (int j = 0; j < numericCount; j++) {
            step(base + j, g * xs[j], true);
        }
        for (int r = 0; r < distinct; r++) {
            step(base + runIndex[r], g * runCount[r], true);
        }
        step(base + bias, g, false);
    }

    private void step(int i, double g, boolean regularize) {
        if (ftrl) {
            double n = a2[i];
            double nNew = n + g * g;
            double sqrtNew = Math.sqrt(nNew);
            double sigma = (sqrtNew - Math.sqrt(n)) / alpha;
            double z = a1[i] + g - sigma * w[i];
            a1[i] = z;
            a2[i] = nNew;
            double lambda1 = regularize ? l1 : 0;
            double lambda2 = regularize ? l2 : 0;
            w[i] = Math.abs(z) <= lambda1 ? 0.0 : -(z - Math.signum(z) * lambda1) / ((beta + sqrtNew) / alpha + lambda2);
        } else {
            double gg = regularize ? g + l2 * w[i] : g;
            double sum = a1[i] + gg * gg;
            a1[i] = sum;
            w[i] -= rate * gg / (Math.sqrt(sum) + epsilon);
        }
    }

    // ---------------------------------------------------------------- binary layout

    /**
     * Writes the model's numbers: examples and updates (64-bit), then weights, accumulator 1,
     * accumulator 2, statistic counts (64-bit integers), means and squared-deviation sums.
     */
    public void write(BinaryOut out) {
        out.i64(examples).i64(updates).doubles(w).doubles(a1).doubles(a2).longs(count).doubles(mean).doubles(m2);
    }

    /** Writes what {@link #predictionCopy()} keeps: the counts, weights and statistics. */
    public void writePrediction(BinaryOut out) {
        out.i64(examples).i64(updates).doubles(w).longs(count).doubles(mean).doubles(m2);
    }

    /** Reads what {@link #writePrediction} wrote, as a prediction-only state. */
    public static LinearState readPrediction(BinaryIn in, OnlineSchema schema, Optimizer optimizer) {
        LinearState state = new LinearState(schema, optimizer, false, false);
        state.examples = in.i64();
        state.updates = in.i64();
        copy(in.doubles(state.w.length, "weights"), state.w);
        long[] counts = in.longs(state.count.length, "statistic counts");
        System.arraycopy(counts, 0, state.count, 0, counts.length);
        copy(in.doubles(state.mean.length, "means"), state.mean);
        copy(in.doubles(state.m2.length, "squared deviations"), state.m2);
        return state;
    }

    /**
     * Reads what {@link #write} wrote for this schema and optimiser.
     *
     * @throws IllegalArgumentException when the arrays do not fit them
     */
    public static LinearState read(BinaryIn in, OnlineSchema schema, Optimizer optimizer) {
        LinearState state = new LinearState(schema, optimizer);
        state.examples = in.i64();
        state.updates = in.i64();
        copy(in.doubles(state.w.length, "weights"), state.w);
        copy(in.doubles(state.a1.length, "accumulator 1"), state.a1);
        copy(in.doubles(state.a2.length, "accumulator 2"), state.a2);
        long[] counts = in.longs(state.count.length, "statistic counts");
        System.arraycopy(counts, 0, state.count, 0, counts.length);
        copy(in.doubles(state.mean.length, "means"), state.mean);
        copy(in.doubles(state.m2.length, "squared deviations"), state.m2);
        if (state.examples < 0 || state.updates < 0) {
            throw in.fail("negative example or update count");
        }
        return state;
    }

    // ---------------------------------------------------------------- the pending mini-batch as a value

    /**
     * The examples accumulated since the last mini-batch step, as a value: how many, their summed
     * gradients (outputs × dimension, output by output) and the columns they touched, in the order
     * first touched. The arrays are copied in and out.
     *
     * @param size examples accumulated, at least 0
     * @param gradientSums the summed gradients
     * @param columns the touched columns, each once
     */
    public record MiniBatch(int size, double[] gradientSums, int[] columns) {

        /** @throws IllegalArgumentException on a negative size */
        public MiniBatch {
            if (size < 0) {
                throw new IllegalArgumentException("mini-batch size must be zero or positive, got " + size);
            }
            gradientSums = gradientSums.clone();
            columns = columns.clone();
        }

        @Override
        public double[] gradientSums() {
            return gradientSums.clone();
        }

        @Override
        public int[] columns() {
            return columns.clone();
        }
    }

    /** The pending mini-batch, copied. */
    public MiniBatch miniBatch() {
        return new MiniBatch(batchCount, gradientSum, Arrays.copyOf(touched, touchedCount));
    }

    /**
     * A state that learns on from {@code model} (any copy of one, frozen or not) with {@code batch}
     * pending, as {@link #miniBatch()} returned it.
     *
     * @throws IllegalArgumentException when the mini-batch does not fit the model
     */
    public static LinearState resume(LinearState model, MiniBatch batch) {
        LinearState state = model.copy();
        double[] sums = batch.gradientSums();
        int[] columns = batch.columns();
        if (sums.length != state.gradientSum.length || columns.length > state.dim) {
            throw new IllegalArgumentException("a mini-batch of " + sums.length + " gradients and " + columns.length
                    + " columns does not fit a model of " + state.outputs + " × " + state.dim + " weights");
        }
        System.arraycopy(sums, 0, state.gradientSum, 0, sums.length);
        Arrays.fill(state.marked, false);
        state.touchedCount = 0;
        for (int j : columns) {
            if (j < 0 || j >= state.dim || state.marked[j]) {
                throw new IllegalArgumentException("mini-batch column " + j + " is out of range or repeated");
            }
            state.mark(j);
        }
        state.batchCount = batch.size();
        return state;
    }

    private static void copy(double[] from, double[] to) {
        System.arraycopy(from, 0, to, 0, from.length);
    }
}
