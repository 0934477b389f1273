package dev.mlops.stats;

/**
 * Pearson's chi-square tests of count data with scipy's conventions, without continuity
 * correction. Results go into a caller's array ({@code out[0]} the statistic, {@code out[1]} the
 * upper-tail p-value, {@code out[2]} the degrees of freedom), so repeated checks build no result
 * objects.
 */
public final class ChiSquareTests {

    private ChiSquareTests() {
    }

    /**
     * The test of homogeneity on the 2×k table whose rows are the first {@code columns} counts of
     * two vectors, as {@code scipy.stats.chi2_contingency(table, correction=False)}. Columns that
     * are empty in both rows are left out; with one non-empty column the statistic is 0, the
     * p-value 1 and the degrees of freedom 0.
     *
     * @param out receives statistic, p-value and degrees of freedom (length at least 3)
     * @throws IllegalArgumentException if {@code columns} exceeds a vector, {@code out} is too short
     *                                  or a row has no counts
     */
    public static void homogeneity(long[] first, long[] second, int columns, double[] out) {
        if (columns < 0 || columns > first.length || columns > second.length || out.length < 3) {
            throw new IllegalArgumentException("need " + columns + " columns in rows of " + first.length + " and "
                + second.length + " counts and room for 3 results, got " + out.length);
        }
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
            write(out, 0.0, 1.0, 0);
        } else {
            write(out, statistic, Distributions.chiSquareSf(statistic, dof), dof);
        }
    }

    /**
     * The goodness-of-fit test of observed counts against {@code shares · total}, as
     * {@code scipy.stats.chisquare(observed, expected)}, over the cells with a positive share
     * (shares are normalized over those cells; cells whose share is 0 are left out, and what
     * counts there mean is the caller's to judge). Degrees of freedom: those cells minus one.
     * With one such cell, or no count in them, the statistic is 0 and the p-value 1.
     *
     * @param out receives statistic, p-value and degrees of freedom (length at least 3)
     * @throws IllegalArgumentException if the arrays differ in length, a count or share is
     *                                  negative or not finite, no share is positive, or
     *                                  {@code out} is too short
     */
    public static void goodnessOfFit(long[] observed, double[] shares, double[] out) {
        if (observed.length != shares.length || out.length < 3) {
            throw new IllegalArgumentException(observed.length + " counts but " + shares.length
                + " shares, and room for " + out.length + " of 3 results");
        }
        double shareTotal = 0;
        long total = 0;
        int cells = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0 || !(shares[i] >= 0) || Double.isInfinite(shares[i])) {
                throw new IllegalArgumentException("counts and shares must be finite and not negative, cell " + i
                    + ": " + observed[i] + ", " + shares[i]);
            }
            if (shares[i] > 0) {
                shareTotal += shares[i];
                total += observed[i];
                cells++;
            }
        }
        if (cells == 0) {
            throw new IllegalArgumentException("at least one share must be positive");
        }
        if (cells == 1 || total == 0) {
            write(out, 0.0, 1.0, cells - 1);
            return;
        }
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            if (shares[i] > 0) {
                double expected = total * shares[i] / shareTotal;
                double d = observed[i] - expected;
                statistic += d * d / expected;
            }
        }
        write(out, statistic, Distributions.chiSquareSf(statistic, cells - 1), cells - 1);
    }

    private static void write(double[] out, double statistic, double pValue, int degreesOfFreedom) {
        out[0] = statistic;
        out[1] = pValue;
        out[2] = degreesOfFreedom;
    }
}
