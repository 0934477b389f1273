package dev.mlops.drift.internal;

/**
 * Constant-time bin lookup for up to nine ascending edges, exact: the range around the edges is
 * cut into cells of a lookup table; a cell that no edge falls into has one bin for all its values,
 * found with a subtraction, a multiplication and a load. Values in a cell that holds an edge, and
 * values outside the table, take the exact comparison path or the clamped end cells. The cell
 * function is monotone in the value, so a cell without an edge lies strictly between two edges.
 */
public final class BinIndex {

    private static final int CELLS = 4096;

    private final double[] edges;
    private final double low;
    private final double scale;
    private final byte[] table = new byte[CELLS];

    /** An index over ascending, finite, distinct edges (at least one). */
    public BinIndex(double[] edges) {
        if (edges.length == 0 || edges.length > 127) {
            throw new IllegalArgumentException("need 1..127 edges: " + edges.length);
        }
        this.edges = edges.clone();
        double first = edges[0];
        double last = edges[edges.length - 1];
        double range = last - first;
        if (!(range > 0)) {
            range = Math.max(Math.abs(first), 1.0);
        }
        // a margin on both sides keeps the clamped end cells free of edges
        double margin = range / 64;
        low = first - margin;
        double width = (last + margin) - low;
        scale = width > 0 && Double.isFinite(width) ? (CELLS - 2) / width : 0.0;
        int[] edgeCells = new int[edges.length];
        for (int k = 0; k < edges.length; k++) {
            edgeCells[k] = cell(edges[k]);
        }
        for (int c = 0; c < CELLS; c++) {
            int below = 0;
            boolean holdsEdge = false;
            for (int k = 0; k < edges.length; k++) {
                below += edgeCells[k] < c ? 1 : 0;
                holdsEdge |= edgeCells[k] == c;
            }
            table[c] = holdsEdge ? -1 : (byte) below;
        }
        // without a usable scale every value lands in cell 0, which must then compare exactly
        if (scale == 0.0) {
            java.util.Arrays.fill(table, (byte) -1);
        }
    }

    private int cell(double value) {
        int c = (int) ((value - low) * scale);
        return Math.min(CELLS - 1, Math.max(0, c));
    }

    /**
     * Adds the bin counts of the non-NaN values among {@code values[0..length)} to
     * {@code counts} (edges + 1 bins; bin = number of edges strictly below the value) and returns
     * the number of NaN values.
     */
    public int count(double[] values, int length, long[] counts) {
        int missing = 0;
        double lowest = low;
        double factor = scale;
        byte[] cells = table;
        for (int i = 0; i < length; i++) {
            double v = values[i];
            if (v != v) {
                missing++;  // rare in practice, so the branch is well predicted
                continue;
            }
            int c = Math.min(CELLS - 1, Math.max(0, (int) ((v - lowest) * factor)));
            int bin = cells[c];
            if (bin < 0) {
                bin = Binning.binOf(v, edges);
            }
            counts[bin]++;
        }
        return missing;
    }
}
