package dev.mlops.model;

import java.util.List;

/**
 * Path-dependent TreeSHAP (Lundberg, Erion and Lee, "Consistent individualized feature attribution
 * for tree ensembles", 2018, Algorithm 2) over {@link TreeEnsemble}: polynomial time, exact Shapley
 * values of the tree's conditional expectation where a feature outside the coalition follows both
 * children weighted by their covers.
 */
final class TreeShap {

    private TreeShap() {
    }

    /** The contributions of every feature to every output of the ensemble for one row. */
    static Contributions explain(TreeEnsemble ensemble, double[] x) {
        int outputs = ensemble.outputs();
        int features = ensemble.features().size();
        double[][] phi = new double[outputs][features];
        double[] expected = new double[outputs];
        double scale = ensemble.combine() == TreeEnsemble.Combine.AVERAGE ? 1.0 / ensemble.trees().size() : 1.0;
        List<Tree> trees = ensemble.trees();
        for (int t = 0; t < trees.size(); t++) {
            Tree tree = trees.get(t);
            if (tree.cover().length == 0) {
                throw new IllegalStateException("tree " + t + " has no node covers, which TreeSHAP needs");
            }
            new Walk(tree, x, ensemble.split(), ensemble.float32(), phi, scale).run();
            double[] mean = expectation(tree, 0);
            for (int k = 0; k < outputs; k++) {
                expected[k] += scale * mean[k];
            }
        }
        for (int k = 0; k < outputs; k++) {
            expected[k] += ensemble.base()[k];
        }
        List<String> names = ensemble.transform() == TreeEnsemble.Transform.LOGISTIC
                ? List.of(ensemble.classes().get(1)) : ensemble.classes();
        return new Contributions(ensemble.features(), names, expected, phi);
    }

    /** The cover-weighted mean leaf value below a node. */
    static double[] expectation(Tree tree, int n) {
        int outputs = tree.outputs();
        double[] v = new double[outputs];
        if (tree.isLeaf(n)) {
            System.arraycopy(tree.value(), n * outputs, v, 0, outputs);
            return v;
        }
        int l = tree.left()[n];
        int r = tree.right()[n];
        double[] left = expectation(tree, l);
        double[] right = expectation(tree, r);
        double wl = fraction(tree, n, l);
        for (int k = 0; k < outputs; k++) {
            v[k] = wl * left[k] + (1 - wl) * right[k];
        }
        return v;
    }

    /**
     * The share of a node's cover that goes to one child, of the two children's covers together
     * (rather than the node's own, which may differ by rounding) so that the shares add up to 1
     * and the contributions add up exactly. Half each when neither child has any cover.
     */
    static double fraction(Tree tree, int n, int child) {
        double total = tree.cover()[tree.left()[n]] + tree.cover()[tree.right()[n]];
        return total > 0 ? tree.cover()[child] / total : 0.5;
    }

    /** One tree's recursion, with the paths of all depths in one array (the path of depth d at offset d(d+1)/2). */
    private static final class Walk {
        private final Tree tree;
        private final double[] x;
        private final TreeEnsemble.Split split;
        private final boolean float32;
        private final double[][] phi;
        private final double scale;
        private final int[] feature;
        private final double[] zero;
        private final double[] one;
        private final double[] weight;

        Walk(Tree tree, double[] x, TreeEnsemble.Split split, boolean float32, double[][] phi, double scale) {
            this.tree = tree;
            this.x = x;
            this.split = split;
            this.float32 = float32;
            this.phi = phi;
            this.scale = scale;
            int depth = tree.depth() + 2;
            int size = depth * (depth + 1) / 2;
            feature = new int[size];
            zero = new double[size];
            one = new double[size];
            weight = new double[size];
        }

        void run() {
            recurse(0, 0, 0, 0, 1, 1, -1);
        }

        private void recurse(int node, int parentOffset, int offset, int depth, double zeroFraction,
                double oneFraction, int splitFeature) {
            // this level's path starts as a copy of the parent's, then is extended by the edge taken
            if (depth > 0) {
                System.arraycopy(feature, parentOffset, feature, offset, depth);
                System.arraycopy(zero, parentOffset, zero, offset, depth);
                System.arraycopy(one, parentOffset, one, offset, depth);
                System.arraycopy(weight, parentOffset, weight, offset, depth);
            }
            extend(offset, depth, zeroFraction, oneFraction, splitFeature);
            if (tree.isLeaf(node)) {
                int outputs = phi.length;
                for (int i = 1; i <= depth; i++) {
                    double w = unwoundSum(offset, depth, i) * (one[offset + i] - zero[offset + i]) * scale;
                    for (int k = 0; k < outputs; k++) {
                        phi[k][feature[offset + i]] += w * tree.value()[node * outputs + k];
                    }
                }
                return;
            }
            int hot = tree.next(node, x, split, float32);
            int cold = hot == tree.left()[node] ? tree.right()[node] : tree.left()[node];
            double hotZero = fraction(tree, node, hot);
            double coldZero = fraction(tree, node, cold);
            double incomingZero = 1;
            double incomingOne = 1;
            int f = tree.feature()[node];
            int at = 1;
            while (at <= depth && feature[offset + at] != f) {
                at++;
            }
            int length = depth;
            if (at <= depth) {
                // the feature was split on above: undo that edge and fold its fractions into this one
                incomingZero = zero[offset + at];
                incomingOne = one[offset + at];
                unwind(offset, depth, at);
                length--;
            }
            int next = offset + depth + 1;
            recurse(hot, offset, next, length + 1, hotZero * incomingZero, incomingOne, f);
            recurse(cold, offset, next, length + 1, coldZero * incomingZero, 0, f);
        }

        private void extend(int o, int depth, double zeroFraction, double oneFraction, int f) {
            feature[o + depth] = f;
            zero[o + depth] = zeroFraction;
            one[o + depth] = oneFraction;
            weight[o + depth] = depth == 0 ? 1 : 0;
            for (int i = depth - 1; i >= 0; i--) {
                weight[o + i + 1] += oneFraction * weight[o + i] * (i + 1) / (depth + 1);
                weight[o + i] = zeroFraction * weight[o + i] * (depth - i) / (depth + 1);
            }
        }

        private void unwind(int o, int depth, int at) {
            double oneFraction = one[o + at];
            double zeroFraction = zero[o + at];
            double next = weight[o + depth];
            for (int i = depth - 1; i >= 0; i--) {
                if (oneFraction != 0) {
                    double previous = weight[o + i];
                    weight[o + i] = next * (depth + 1) / ((i + 1) * oneFraction);
                    next = previous - weight[o + i] * zeroFraction * (depth - i) / (depth + 1);
                } else {
                    weight[o + i] = weight[o + i] * (depth + 1) / (zeroFraction * (depth - i));
                }
            }
            for (int i = at; i < depth; i++) {
                feature[o + i] = feature[o + i + 1];
                zero[o + i] = zero[o + i + 1];
                one[o + i] = one[o + i + 1];
            }
        }

        private double unwoundSum(int o, int depth, int at) {
            double oneFraction = one[o + at];
            double zeroFraction = zero[o + at];
            double next = weight[o + depth];
            double total = 0;
            for (int i = depth - 1; i >= 0; i--) {
                if (oneFraction != 0) {
                    double w = next * (depth + 1) / ((i + 1) * oneFraction);
                    total += w;
                    next = weight[o + i] - w * zeroFraction * (depth - i) / (depth + 1);
                } else {
                    total += weight[o + i] / zeroFraction * (depth + 1) / (depth - i);
                }
            }
            return total;
        }
    }
}
