package dev.mlops.drift.internal;

/**
 * Two-sample statistics on sorted, NaN-free primitive arrays: the Kolmogorov-Smirnov statistic
 * (scipy's {@code ks_2samp} conventions) and the first Wasserstein distance (scipy's
 * {@code wasserstein_distance}). Linear merges, no allocation.
 */
public final class TwoSample {

    private TwoSample() {
    }

    /**
     * Kolmogorov-Smirnov statistic and p-value of two sorted samples, written to {@code out}.
     * The statistic is sup |F1 - F2| over the data points with right-continuous empirical CDFs;
     * ties need no jitter because both CDFs are evaluated after all equal values.
     */
    public static void ks(double[] a, int n1, double[] b, int n2, KsOutcome out) {
        if (n1 <= 0 || n2 <= 0) {
            throw new IllegalArgumentException("both samples need values: " + n1 + ", " + n2);
        }
        int g = KolmogorovSmirnovDistribution.gcd(n1, n2);
        long step1 = n2 / g;  // weight of one value of sample 1, in units of 1/lcm
        long step2 = n1 / g;
        long maxPlus = 0;
        long maxMinus = 0;
        int plusI = 0;
        int plusJ = 0;
        int minusI = 0;
        int minusJ = 0;
        int i = 0;
        int j = 0;
        while (i < n1 && j < n2) {
            double v = Math.min(a[i], b[j]);
            while (i < n1 && a[i] <= v) {
                i++;
            }
            while (j < n2 && b[j] <= v) {
                j++;
            }
            long diff = i * step1 - j * step2;
            if (diff > maxPlus) {
                maxPlus = diff;
                plusI = i;
                plusJ = j;
            } else if (-diff > maxMinus) {
                maxMinus = -diff;
                minusI = i;
                minusJ = j;
            }
        }
        // after one sample is exhausted the remaining differences shrink towards 0
        long h;
        double d;
        if (maxMinus > maxPlus) {
            h = maxMinus;
            d = (double) minusJ / n2 - (double) minusI / n1;
        } else {
            h = maxPlus;
            d = (double) plusI / n1 - (double) plusJ / n2;
        }
        long lcm = (long) (n1 / g) * n2;
        boolean exact = KolmogorovSmirnovDistribution.isExact(n1, n2);
        out.statistic = exact ? (double) h / lcm : Math.max(0.0, d);
        out.pValue = KolmogorovSmirnovDistribution.twoSamplePValue(n1, n2, h, d);
        out.exact = exact;
    }

    /** Reference values a merge may read past the last one; see {@link #padded(double[])}. */
    public static final int PADDING = 8;

    /** Sorted values followed by {@link #PADDING} copies of +∞, for {@link #ksPadded}. */
    public static double[] padded(double[] sorted) {
        double[] result = java.util.Arrays.copyOf(sorted, sorted.length + PADDING);
        java.util.Arrays.fill(result, sorted.length, result.length, Double.POSITIVE_INFINITY);
        return result;
    }

    /**
     * Kolmogorov-Smirnov statistic and p-value of a sorted sample b against a sorted reference a
     * given by {@link #padded(double[])}; both finite, without NaN and without -0.0.
     *
     * <p>Instead of a merge, every b_j (1-based j) is placed among the reference values:
     * L_j = #{a &lt; b_j} and U_j = #{a ≤ b_j}. Then sup(F_b - F_a) = max_j (j/n2 - U_j/n1) and
     * sup(F_a - F_b) = max_j (L_j/n1 - (j-1)/n2), exactly, with or without ties. L and U only grow,
     * so L is advanced by counting how many of the next eight reference values lie below b_j,
     * with comparisons turned into sign bits of differences (for finite doubles x - y &lt; 0 exactly
     * when x &lt; y), which keeps the loop free of unpredictable branches; U then steps over the
     * reference values equal to b_j, usually none. The sample is cut into four
     * independent stretches, each starting with a binary search, and the stretches advance
     * together so that the processor can overlap them.
     */
    public static void ksPadded(double[] a, int n1, double[] b, int n2, KsOutcome out) {
        if (n1 <= 0 || n2 <= 0) {
            throw new IllegalArgumentException("both samples need values: " + n1 + ", " + n2);
        }
        int g = KolmogorovSmirnovDistribution.gcd(n1, n2);
        long weightA = n2 / g;
        long weightB = n1 / g;
        int quarter = n2 / 4;
        int j0 = 0, j1 = quarter, j2 = 2 * quarter, j3 = 3 * quarter;
        int lo0 = 0, up0 = 0;
        int lo1 = lowerBound(a, n1, b[j1]), up1 = upperBound(a, n1, b[j1]);
        int lo2 = lowerBound(a, n1, b[j2]), up2 = upperBound(a, n1, b[j2]);
        int lo3 = lowerBound(a, n1, b[j3]), up3 = upperBound(a, n1, b[j3]);
        long h0 = 0, h1 = 0, h2 = 0, h3 = 0;
        for (int k = 0; k < quarter; k++) {
            double v0 = b[j0], v1 = b[j1], v2 = b[j2], v3 = b[j3];
            lo0 = advanceBelow(a, lo0, v0);
            lo1 = advanceBelow(a, lo1, v1);
            lo2 = advanceBelow(a, lo2, v2);
            lo3 = advanceBelow(a, lo3, v3);
            up0 = advanceAtMost(a, Math.max(up0, lo0), v0);
            up1 = advanceAtMost(a, Math.max(up1, lo1), v1);
            up2 = advanceAtMost(a, Math.max(up2, lo2), v2);
            up3 = advanceAtMost(a, Math.max(up3, lo3), v3);
            h0 = Math.max(h0, Math.max((j0 + 1) * weightB - up0 * weightA, lo0 * weightA - j0 * weightB));
            h1 = Math.max(h1, Math.max((j1 + 1) * weightB - up1 * weightA, lo1 * weightA - j1 * weightB));
            h2 = Math.max(h2, Math.max((j2 + 1) * weightB - up2 * weightA, lo2 * weightA - j2 * weightB));
            h3 = Math.max(h3, Math.max((j3 + 1) * weightB - up3 * weightA, lo3 * weightA - j3 * weightB));
            j0++;
            j1++;
            j2++;
            j3++;
        }
        long h = Math.max(Math.max(h0, h1), Math.max(h2, h3));
        for (; j3 < n2; j3++) {
            double v = b[j3];
            lo3 = advanceBelow(a, lo3, v);
            up3 = advanceAtMost(a, Math.max(up3, lo3), v);
            h = Math.max(h, Math.max((j3 + 1) * weightB - up3 * weightA, lo3 * weightA - j3 * weightB));
        }
        long lcm = (long) (n1 / g) * n2;
        double d = (double) h / lcm;
        out.statistic = d;
        out.pValue = KolmogorovSmirnovDistribution.twoSamplePValue(n1, n2, h, d);
        out.exact = KolmogorovSmirnovDistribution.isExact(n1, n2);
    }

    /** Moves {@code at} past the reference values below v (the padding stops it). */
    private static int advanceBelow(double[] a, int at, double v) {
        while (true) {
            int count = below(a[at], v) + below(a[at + 1], v) + below(a[at + 2], v) + below(a[at + 3], v)
                + below(a[at + 4], v) + below(a[at + 5], v) + below(a[at + 6], v) + below(a[at + 7], v);
            at += count;
            if (count < PADDING) {
                return at;
            }
        }
    }

    /**
     * Moves {@code at} (already past the values below v) past the values equal to v: usually
     * none, so the loop test is well predicted; {@code at} only grows over the whole pass.
     */
    private static int advanceAtMost(double[] a, int at, double v) {
        while (a[at] <= v) {
            at++;
        }
        return at;
    }

    /** 1 when x &lt; y, else 0, for finite x and y (or +∞) without -0.0: the sign bit of x - y. */
    private static int below(double x, double y) {
        return (int) (Double.doubleToRawLongBits(x - y) >>> 63);
    }

    private static int lowerBound(double[] a, int n, double v) {
        int low = 0;
        int high = n;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (a[mid] < v) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int upperBound(double[] a, int n, double v) {
        int low = 0;
        int high = n;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (a[mid] <= v) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * First Wasserstein distance between the empirical distributions of two sorted samples:
     * ∫ |F1(x) - F2(x)| dx, in the units of the values.
     */
    public static double wasserstein(double[] a, int n1, double[] b, int n2) {
        if (n1 <= 0 || n2 <= 0) {
            throw new IllegalArgumentException("both samples need values: " + n1 + ", " + n2);
        }
        int i = 0;
        int j = 0;
        double total = 0.0;
        double current = Math.min(a[0], b[0]);
        while (i < n1 || j < n2) {
            double v = current;
            while (i < n1 && a[i] <= v) {
                i++;
            }
            while (j < n2 && b[j] <= v) {
                j++;
            }
            if (i == n1 && j == n2) {
                break;
            }
            double next = i == n1 ? b[j] : j == n2 ? a[i] : Math.min(a[i], b[j]);
            total += Math.abs((double) i / n1 - (double) j / n2) * (next - v);
            current = next;
        }
        return total;
    }

    /** Mutable result holder reused across calls so that hot loops allocate nothing. */
    public static final class KsOutcome {
        /** The statistic D in [0, 1]. */
        public double statistic;
        /** P(D ≥ d) under H0. */
        public double pValue;
        /** Whether the exact distribution was used. */
        public boolean exact;
    }
}
