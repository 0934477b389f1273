package dev.mlops.stats.internal;

/** Multiple-testing adjustments of a family of p-values, returned in the input order. */
public final class PValueAdjustment {

    private PValueAdjustment() {
    }

    /** Bonferroni: min(1, m·p). */
    public static double[] bonferroni(double[] p) {
        double[] adjusted = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            adjusted[i] = Math.min(1.0, p[i] * p.length);
        }
        return adjusted;
    }

    /** Holm step-down: running maximum of (m - i + 1)·p_(i) over ascending p, capped at 1. */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = ascending(p);
        double[] adjusted = new double[m];
        double running = 0.0;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * p[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }

    /**
     * Benjamini-Hochberg step-up: running minimum, from the largest p down, of m·p_(i)/i,
     * capped at 1 (as {@code scipy.stats.false_discovery_control(method='bh')}).
     */
    public static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = ascending(p);
        double[] adjusted = new double[m];
        double running = 1.0;
        for (int rank = m - 1; rank >= 0; rank--) {
            int index = order[rank];
            running = Math.min(running, p[index] * m / (rank + 1));
            adjusted[index] = running;
        }
        return adjusted;
    }

    private static Integer[] ascending(double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("p-value outside [0, 1] at " + i + ": " + p[i]);
            }
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        return order;
    }
}
