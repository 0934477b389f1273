package dev.mlops.drift.internal;

import java.util.Arrays;

/**
 * Kolmogorov-Smirnov statistic of a changing window against a fixed sorted reference, updated
 * in O(log N) per added or removed value (N = distinct reference values), never re-sorting.
 *
 * <p>Window values fall into cells: "equal to the i-th distinct reference value" or "strictly
 * between the (i-1)-th and i-th". The supremum of |F_ref - F_win| is attained at the end of a
 * cell, so a segment tree over cells keeps, per node, the window count and the extreme values of
 * R·k − W·N over the cell ends inside it (R, W: reference and window counts up to that point, in
 * node-local terms for W; k: the window size the statistic is taken at). Children combine by
 * shifting the right child by the left child's count. The root gives max |R·k − W·N|, i.e.
 * D·N·k, exactly in integers.
 */
public final class WindowedKs {

    private final double[] distinct;
    private final long[] cumulative;
    private final long referenceSize;
    private final long windowSize;
    private final int leaves;
    private final int base;
    private final int[] between;
    private final int[] equal;
    private final long[] max;
    private final long[] min;
    private final long[] count;

    /**
     * @param sortedReference sorted, NaN-free reference values (at least one)
     * @param windowSize      the number of window values at which the statistic is read
     */
    public WindowedKs(double[] sortedReference, int windowSize) {
        if (sortedReference.length == 0 || windowSize <= 0) {
            throw new IllegalArgumentException("need reference values and a positive window size");
        }
        int d = 0;
        double[] values = new double[sortedReference.length];
        long[] cum = new long[sortedReference.length];
        for (int i = 0; i < sortedReference.length; i++) {
            if (d == 0 || sortedReference[i] != values[d - 1]) {
                values[d++] = sortedReference[i];
            }
            cum[d - 1] = i + 1;
        }
        distinct = Arrays.copyOf(values, d);
        cumulative = Arrays.copyOf(cum, d);
        referenceSize = sortedReference.length;
        this.windowSize = windowSize;
        leaves = d + 1;
        int size = 1;
        while (size < leaves) {
            size <<= 1;
        }
        base = size;
        between = new int[size];
        equal = new int[size];
        max = new long[2 * size];
        min = new long[2 * size];
        count = new long[2 * size];
        for (int leaf = 0; leaf < size; leaf++) {
            setLeaf(leaf);
        }
        for (int node = size - 1; node >= 1; node--) {
            combine(node);
        }
    }

    /** Adds a value (not NaN) and returns its cell code, to pass to {@link #remove(int)} later. */
    public int add(double value) {
        int at = Arrays.binarySearch(distinct, value + 0.0);
        int code = at >= 0 ? 2 * at + 1 : 2 * (-at - 1);
        change(code, 1);
        return code;
    }

    /** Removes a value previously added, by its cell code. */
    public void remove(int code) {
        change(code, -1);
    }

    private void change(int code, int delta) {
        int leaf = code >> 1;
        if ((code & 1) == 1) {
            equal[leaf] += delta;
        } else {
            between[leaf] += delta;
        }
        setLeaf(leaf);
        for (int node = (base + leaf) >> 1; node >= 1; node >>= 1) {
            combine(node);
        }
    }

    private void setLeaf(int leaf) {
        long before = leaf == 0 ? 0 : leaf <= distinct.length ? cumulative[leaf - 1] : referenceSize;
        long a = between[leaf];
        long b = equal[leaf];
        long afterBetween = before * windowSize - a * referenceSize;
        long atValue = leaf < distinct.length ? cumulative[leaf] * windowSize - (a + b) * referenceSize : afterBetween;
        int node = base + leaf;
        max[node] = Math.max(afterBetween, atValue);
        min[node] = Math.min(afterBetween, atValue);
        count[node] = a + b;
    }

    private void combine(int node) {
        int left = 2 * node;
        int right = left + 1;
        long shift = count[left] * referenceSize;
        max[node] = Math.max(max[left], max[right] - shift);
        min[node] = Math.min(min[left], min[right] - shift);
        count[node] = count[left] + count[right];
    }

    /**
     * D·N·k where k is the window size given at construction; meaningful when the window holds
     * that many values.
     */
    public long scaledStatistic() {
        return Math.max(0, Math.max(max[1], -min[1]));
    }
}
