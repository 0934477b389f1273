package dev.mlops.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decision trees whose leaf scores add up (boosting) or average (a forest) to a score per output,
 * turned into class probabilities by a {@link Transform}: the one representation of tree models
 * that fast prediction and TreeSHAP ({@link Contributions}) work on, whatever trained them.
 * Immutable and thread-safe.
 *
 * <p>The score of output {@code k} for a row {@code x} (one value per feature, {@code NaN} for
 * missing) is {@code base[k]} plus the sum, or for {@link Combine#AVERAGE} the mean, of the leaf
 * values of output {@code k} the row reaches. With {@code float32} every feature value is rounded to
 * {@code float} before it is compared, and the sum, the transform and the probabilities are computed
 * in {@code float} arithmetic in tree order, starting from the base: XGBoost's own arithmetic, so
 * its probabilities are reproduced bit for bit.
 *
 * @param features the feature names, by index ({@link Tree#feature()} refers to these)
 * @param classes the class labels the probabilities are of, in order
 * @param trees the trees; each has {@code base.length} outputs
 * @param base the score of each output before any tree
 * @param split how a row's value is compared with a node's threshold
 * @param combine how the trees' leaf values make a score
 * @param transform how scores become probabilities
 * @param float32 whether to compute in {@code float} as XGBoost does
 */
public record TreeEnsemble(List<String> features, List<String> classes, List<Tree> trees, double[] base,
        Split split, Combine combine, Transform transform, boolean float32) {

    /** The comparison that sends a row's value {@code v} left at a node of threshold {@code t}. */
    public enum Split {
        /** {@code v < t} (XGBoost, ONNX {@code BRANCH_LT}). */
        LESS,
        /** {@code v <= t} (Tribuo, scikit-learn, ONNX {@code BRANCH_LEQ}). */
        LESS_OR_EQUAL
    }

    /** How the trees' leaf values make a score. */
    public enum Combine {
        /** Added up (gradient boosting). */
        SUM,
        /** Averaged over all trees (a random forest). */
        AVERAGE
    }

    /** How the scores (one per output) become class probabilities. */
    public enum Transform {
        /**
         * One output per class, the probabilities the class's leaf values over all leaf values,
         * summed tree by tree and class by class (Tribuo's fully weighted vote; for leaves that hold
         * class distributions, the average distribution). Needs base values of 0.
         */
        NORMALIZE,
        /** One output, the log-odds of the second class: {@code p = 1 / (1 + exp(-score))}. */
        LOGISTIC,
        /** One output per class, the probabilities {@code exp(score_k) / Σ exp(score_j)}. */
        SOFTMAX
    }

    /**
     * Checks that the parts fit together.
     *
     * @throws IllegalArgumentException naming what does not fit: a tree's output count, a feature
     *     index out of range, or outputs that do not match the classes for the transform
     */
    public TreeEnsemble {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        trees = List.copyOf(trees);
        base = base.clone();
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(combine, "combine");
        Objects.requireNonNull(transform, "transform");
        if (trees.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one tree");
        }
        int outputs = base.length;
        int expected = transform == Transform.LOGISTIC ? 1 : classes.size();
        if (classes.size() < 2 || (transform == Transform.LOGISTIC && classes.size() != 2) || outputs != expected) {
            throw new IllegalArgumentException("a " + transform + " ensemble of " + classes.size() + " classes needs "
                    + expected + " outputs (base values), got " + outputs);
        }
        if (transform == Transform.NORMALIZE && Arrays.stream(base).anyMatch(b -> b != 0)) {
            throw new IllegalArgumentException("a NORMALIZE ensemble has base values of 0, got " + Arrays.toString(base));
        }
        for (int t = 0; t < trees.size(); t++) {
            Tree tree = trees.get(t);
            if (tree.outputs() != outputs) {
                throw new IllegalArgumentException("tree " + t + " has " + tree.outputs() + " outputs, the ensemble "
                        + outputs);
            }
            for (int n = 0; n < tree.nodes(); n++) {
                if (!tree.isLeaf(n) && tree.feature()[n] >= features.size()) {
                    throw new IllegalArgumentException("tree " + t + " node " + n + " splits on feature "
                            + tree.feature()[n] + "; there are " + features.size());
                }
            }
        }
    }

    /** The number of scores: 1 for {@link Transform#LOGISTIC}, else one per class. */
    public int outputs() {
        return base.length;
    }

    /**
     * The scores of one row, before the transform: log-odds or margins for boosting, the averaged
     * leaf values for a forest.
     *
     * @param x one value per feature, {@code NaN} for missing
     * @throws IllegalArgumentException if {@code x} does not have one value per feature
     */
    public double[] scores(double[] x) {
        requireRow(x);
        int outputs = base.length;
        double[] scores = new double[outputs];
        if (float32) {
            float[] sums = new float[outputs];
            for (int k = 0; k < outputs; k++) {
                sums[k] = combine == Combine.SUM ? (float) base[k] : 0f;
            }
            for (Tree tree : trees) {
                int offset = tree.leaf(x, split, true) * outputs;
                for (int k = 0; k < outputs; k++) {
                    sums[k] += (float) tree.value()[offset + k];
                }
            }
            for (int k = 0; k < outputs; k++) {
                scores[k] = combine == Combine.SUM ? sums[k] : sums[k] / (float) trees.size() + (float) base[k];
            }
            return scores;
        }
        for (Tree tree : trees) {
            int offset = tree.leaf(x, split, false) * outputs;
            for (int k = 0; k < outputs; k++) {
                scores[k] += tree.value()[offset + k];
            }
        }
        for (int k = 0; k < outputs; k++) {
            scores[k] = (combine == Combine.SUM ? scores[k] : scores[k] / trees.size()) + base[k];
        }
        return scores;
    }

    /**
     * The class probabilities of one row, in the order of {@link #classes()}.
     *
     * @param x one value per feature, {@code NaN} for missing
     * @throws IllegalArgumentException if {@code x} does not have one value per feature
     */
    public double[] probabilities(double[] x) {
        if (transform == Transform.NORMALIZE) {
            return vote(x);
        }
        double[] scores = scores(x);
        switch (transform) {
            case LOGISTIC:
                double p = float32 ? 1f / (1f + Expf.exp(-(float) scores[0])) : 1 / (1 + Math.exp(-scores[0]));
                return new double[] {float32 ? 1f - (float) p : 1 - p, p};
            default:
                return float32 ? softmaxFloat(scores) : softmax(scores);
        }
    }

    private double[] vote(double[] x) {
        requireRow(x);
        int outputs = base.length;
        double[] p = new double[outputs];
        double total = 0;
        for (Tree tree : trees) {
            int offset = tree.leaf(x, split, float32) * outputs;
            for (int k = 0; k < outputs; k++) {
                double v = tree.value()[offset + k];
                p[k] += v;
                total += v;
            }
        }
        for (int k = 0; k < outputs; k++) {
            p[k] /= total;
        }
        return p;
    }

    /**
     * XGBoost's softmax: {@code float} exponentials (the C library's) of the margins less their
     * maximum, summed in {@code double}, each divided by the sum rounded to {@code float}.
     */
    private static double[] softmaxFloat(double[] scores) {
        float max = (float) scores[0];
        for (double s : scores) {
            max = Math.max(max, (float) s);
        }
        float[] e = new float[scores.length];
        double sum = 0;
        for (int k = 0; k < e.length; k++) {
            e[k] = Expf.exp((float) scores[k] - max);
            sum += e[k];
        }
        double[] p = new double[e.length];
        for (int k = 0; k < e.length; k++) {
            p[k] = e[k] / (float) sum;
        }
        return p;
    }

    private static double[] softmax(double[] scores) {
        double max = Arrays.stream(scores).max().orElseThrow();
        double[] p = new double[scores.length];
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp(scores[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /**
     * Path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, Algorithm 2): each feature's exact
     * Shapley contribution to each output's {@link #scores score}, where a feature left out of a
     * coalition is integrated out along the tree by the nodes' covers. The contributions of an
     * output add up to its score less its expected value.
     *
     * @param x one value per feature, {@code NaN} for missing
     * @throws IllegalArgumentException if {@code x} does not have one value per feature
     * @throws IllegalStateException if a tree has no covers
     */
    public Contributions contributions(double[] x) {
        requireRow(x);
        return TreeShap.explain(this, x);
    }

    /**
     * This ensemble with every node's cover replaced by how many of the given rows reach it: what
     * path-dependent TreeSHAP needs for trees that keep no covers, counted on representative data
     * (the training data, or a sample of it).
     *
     * @param rows one value per feature each, {@code NaN} for missing
     * @throws IllegalArgumentException if there are no rows or a row does not have one value per feature
     */
    public TreeEnsemble withCovers(List<double[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("covers need at least one row");
        }
        rows.forEach(this::requireRow);
        List<Tree> counted = trees.stream().map(tree -> {
            double[] cover = new double[tree.nodes()];
            for (double[] x : rows) {
                int n = 0;
                cover[0]++;
                while (!tree.isLeaf(n)) {
                    n = tree.next(n, x, split, float32);
                    cover[n]++;
                }
            }
            return new Tree(tree.feature(), tree.threshold(), tree.left(), tree.right(), tree.missingLeft(), cover,
                    tree.value());
        }).toList();
        return new TreeEnsemble(features, classes, counted, base, split, combine, transform, float32);
    }

    private void requireRow(double[] x) {
        if (x.length != features.size()) {
            throw new IllegalArgumentException("a row needs one value per feature (" + features.size() + "), got "
                    + x.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeEnsemble e && features.equals(e.features) && classes.equals(e.classes)
                && trees.equals(e.trees) && Arrays.equals(base, e.base) && split == e.split && combine == e.combine
                && transform == e.transform && float32 == e.float32;
    }

    @Override
    public int hashCode() {
        return Objects.hash(features, classes, trees, Arrays.hashCode(base), split, combine, transform, float32);
    }

    @Override
    public String toString() {
        return "TreeEnsemble[" + trees.size() + " trees, " + features.size() + " features, classes " + classes + ", "
                + combine + ", " + transform + (float32 ? ", float32" : "") + "]";
    }
}
