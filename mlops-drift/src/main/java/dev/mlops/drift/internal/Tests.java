package dev.mlops.drift.internal;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/** Contingency and proportion tests with scipy's conventions. */
public final class Tests {

    private Tests() {
    }

    /**
     * Chi-square test of homogeneity on the 2×k table whose rows are the two count vectors
     * (no continuity correction, as {@code scipy.stats.chi2_contingency(correction=False)}).
     * Columns that are empty in both rows are ignored. With one non-empty column the statistic is
     * 0 and the p-value 1, as in scipy. Both rows must have a positive total.
     *
     * @param out receives statistic (index 0), p-value (1) and degrees of freedom (2)
     */
    public static void chiSquareHomogeneity(long[] first, long[] second, int columns, double[] out) {
        long total1 = 0;
        long total2 = 0;
        int used = 0;
        for (int i = 0; i < columns; i++) {
            total1 += first[i];
            total2 += second[i];
            if (first[i] + second[i] > 0) {
                used++;
            }
        }
        if (total1 <= 0 || total2 <= 0) {
            throw new IllegalArgumentException("both rows need counts: " + total1 + ", " + total2);
        }
        double total = (double) total1 + total2;
        double statistic = 0.0;
        for (int i = 0; i < columns; i++) {
            long column = first[i] + second[i];
            if (column == 0) {
                continue;
            }
            double expected1 = (double) total1 * column / total;
            double expected2 = (double) total2 * column / total;
            double d1 = first[i] - expected1;
            double d2 = second[i] - expected2;
            statistic += d1 * d1 / expected1 + d2 * d2 / expected2;
        }
        int dof = used - 1;
        if (dof == 0) {
            out[0] = 0.0;
            out[1] = 1.0;
            out[2] = 0;
            return;
        }
        out[0] = statistic;
        out[1] = chiSquareSf(statistic, dof);
        out[2] = dof;
    }

    /** Upper tail of the chi-square distribution, Q(dof/2, x/2), without 1 - CDF cancellation. */
    public static double chiSquareSf(double x, int dof) {
        if (x <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(dof / 2.0, x / 2.0);
    }

    /**
     * Pooled two-proportion z-test, two-sided: z = (p2 - p1) / sqrt(p(1-p)(1/n1 + 1/n2)) with
     * p = (k1 + k2)/(n1 + n2), p-value = erfc(|z|/√2). When p is 0 or 1 (no variation at all)
     * z is 0 and the p-value 1.
     *
     * @param out receives z (index 0) and the p-value (1)
     */
    public static void twoProportion(long k1, long n1, long k2, long n2, double[] out) {
        if (n1 <= 0 || n2 <= 0) {
            throw new IllegalArgumentException("both samples need rows: " + n1 + ", " + n2);
        }
        double p1 = (double) k1 / n1;
        double p2 = (double) k2 / n2;
        double pooled = (double) (k1 + k2) / (n1 + n2);
        double variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
        if (!(variance > 0)) {
            out[0] = 0.0;
            out[1] = 1.0;
            return;
        }
        double z = (p2 - p1) / Math.sqrt(variance);
        out[0] = z;
        out[1] = Math.min(1.0, Erf.erfc(Math.abs(z) / Math.sqrt(2.0)));
    }
}
