package dev.mlops.model;

import java.util.Arrays;

/**
 * One binary decision tree in flat arrays indexed by node; node 0 is the root and children come
 * after their parent. A node is a leaf when its {@code left} and {@code right} are -1. The arrays
 * are copied on construction and shared by the accessors: treat them as read-only.
 *
 * <p>A row goes to the left child when its value of {@code feature[n]} passes the ensemble's
 * {@link TreeEnsemble.Split split rule} against {@code threshold[n]}, to the right child otherwise,
 * and to the side {@code missingLeft[n]} names when the value is missing ({@code NaN}).
 *
 * @param feature per node, the index of the feature it splits on (unused at leaves)
 * @param threshold per node, the split value (unused at leaves)
 * @param left per node, the left child or -1
 * @param right per node, the right child or -1
 * @param missingLeft per node, whether a missing value goes left
 * @param cover per node, the training weight that reached it (rows, or XGBoost's hessian sum); what
 *     path-dependent TreeSHAP takes expectations with. Empty when unknown: prediction works, TreeSHAP
 *     refuses.
 * @param value per node and output, {@code value[node * outputs + k]}: the leaf's score for output
 *     {@code k} (unused at inner nodes)
 */
public record Tree(int[] feature, double[] threshold, int[] left, int[] right, boolean[] missingLeft,
        double[] cover, double[] value) {

    /**
     * Checks the shape: equal lengths, children after their parent, both children or none.
     *
     * @throws IllegalArgumentException naming the first broken rule and node
     */
    public Tree {
        feature = feature.clone();
        threshold = threshold.clone();
        left = left.clone();
        right = right.clone();
        missingLeft = missingLeft.clone();
        cover = cover.clone();
        value = value.clone();
        int nodes = feature.length;
        if (nodes == 0) {
            throw new IllegalArgumentException("a tree needs at least one node");
        }
        if (threshold.length != nodes || left.length != nodes || right.length != nodes || missingLeft.length != nodes) {
            throw new IllegalArgumentException("feature, threshold, left, right and missingLeft need one entry per node ("
                    + nodes + ")");
        }
        if (cover.length != 0 && cover.length != nodes) {
            throw new IllegalArgumentException("cover needs one entry per node (" + nodes + ") or none, got " + cover.length);
        }
        if (value.length == 0 || value.length % nodes != 0) {
            throw new IllegalArgumentException("value needs outputs × nodes (" + nodes + ") entries, got " + value.length);
        }
        for (int n = 0; n < nodes; n++) {
            if ((left[n] < 0) != (right[n] < 0)) {
                throw new IllegalArgumentException("node " + n + " has one child; a node has two or none");
            }
            if (left[n] >= 0 && (left[n] <= n || right[n] <= n || left[n] >= nodes || right[n] >= nodes)) {
                throw new IllegalArgumentException("node " + n + " has children " + left[n] + " and " + right[n]
                        + "; children come after their parent and within the " + nodes + " nodes");
            }
            if (left[n] >= 0 && feature[n] < 0) {
                throw new IllegalArgumentException("node " + n + " splits on feature " + feature[n]);
            }
            if (cover.length != 0 && !(cover[n] >= 0)) {
                throw new IllegalArgumentException("node " + n + " has cover " + cover[n] + "; covers are weights ≥ 0");
            }
        }
    }

    /** The number of nodes. */
    public int nodes() {
        return feature.length;
    }

    /** The number of scores each leaf holds. */
    public int outputs() {
        return value.length / feature.length;
    }

    /** Whether node {@code n} is a leaf. */
    public boolean isLeaf(int n) {
        return left[n] < 0;
    }

    /** The deepest leaf's depth (the root alone: 0). */
    public int depth() {
        int[] depth = new int[nodes()];
        int deepest = 0;
        for (int n = 0; n < nodes(); n++) {
            if (left[n] >= 0) {
                depth[left[n]] = depth[n] + 1;
                depth[right[n]] = depth[n] + 1;
                deepest = Math.max(deepest, depth[n] + 1);
            }
        }
        return deepest;
    }

    /**
     * The child of inner node {@code n} a row goes to.
     *
     * @param float32 compare the row's value rounded to {@code float}, as XGBoost does
     */
    int next(int n, double[] x, TreeEnsemble.Split split, boolean float32) {
        double v = x[feature[n]];
        if (v != v) {
            return missingLeft[n] ? left[n] : right[n];
        }
        if (float32) {
            v = (float) v;
        }
        boolean goesLeft = split == TreeEnsemble.Split.LESS ? v < threshold[n] : v <= threshold[n];
        return goesLeft ? left[n] : right[n];
    }

    /** The leaf a row ends in. */
    int leaf(double[] x, TreeEnsemble.Split split, boolean float32) {
        int n = 0;
        while (left[n] >= 0) {
            n = next(n, x, split, float32);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tree t && Arrays.equals(feature, t.feature) && Arrays.equals(threshold, t.threshold)
                && Arrays.equals(left, t.left) && Arrays.equals(right, t.right)
                && Arrays.equals(missingLeft, t.missingLeft) && Arrays.equals(cover, t.cover)
                && Arrays.equals(value, t.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(feature) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Tree[" + nodes() + " nodes, depth " + depth() + ", " + outputs() + " outputs]";
    }
}
