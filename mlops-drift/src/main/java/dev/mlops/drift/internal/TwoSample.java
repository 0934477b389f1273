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

    /**
     * Kolmogorov-Smirnov statistic and p-value of two samples given as sorted keys of
     * {@link RadixSort} (each followed by {@link RadixSort#SENTINEL}), written to {@code out}.
     *
     * <p>The merge is branch-free: at every step the smaller head is consumed, and the CDF
     * difference counts only where the next value differs (the end of a run of ties). Such a merge
     * is one long chain of dependent loads, so it is cut into four independent chains at tie
     * boundaries of the second sample (each starting at the first reference value not below its
     * first value) and the chains are advanced together, which lets the processor overlap them.
     */
    public static void ksOnKeys(long[] a, int n1, long[] b, int n2, KsOutcome out) {
        if (n1 <= 0 || n2 <= 0) {
            throw new IllegalArgumentException("both samples need values: " + n1 + ", " + n2);
        }
        int g = KolmogorovSmirnovDistribution.gcd(n1, n2);
        long step1 = n2 / g;
        long step2 = n1 / g;
        int b1 = tieBoundary(b, n2, n2 / 4);
        int b2 = tieBoundary(b, n2, Math.max(b1, n2 / 2));
        int b3 = tieBoundary(b, n2, Math.max(b2, 3 * (n2 / 4)));
        int a1 = lowerBound(a, n1, b, n2, b1);
        int a2 = lowerBound(a, n1, b, n2, b2);
        int a3 = lowerBound(a, n1, b, n2, b3);
        int i0 = 0, j0 = 0, i1 = a1, j1 = b1, i2 = a2, j2 = b2, i3 = a3, j3 = b3;
        long len0 = (long) a1 + b1;
        long len1 = (long) (a2 - a1) + (b2 - b1);
        long len2 = (long) (a3 - a2) + (b3 - b2);
        long len3 = (long) (n1 - a3) + (n2 - b3);
        long common = Math.min(Math.min(len0, len1), Math.min(len2, len3));
        long max0 = 0, max1 = 0, max2 = 0, max3 = 0;
        long hA0 = a[i0], hB0 = b[j0], hA1 = a[i1], hB1 = b[j1], hA2 = a[i2], hB2 = b[j2], hA3 = a[i3], hB3 = b[j3];
        for (long step = 0; step < common; step++) {
            boolean t0 = hA0 <= hB0;
            boolean t1 = hA1 <= hB1;
            boolean t2 = hA2 <= hB2;
            boolean t3 = hA3 <= hB3;
            long v0 = t0 ? hA0 : hB0;
            long v1 = t1 ? hA1 : hB1;
            long v2 = t2 ? hA2 : hB2;
            long v3 = t3 ? hA3 : hB3;
            i0 += t0 ? 1 : 0;
            j0 += t0 ? 0 : 1;
            i1 += t1 ? 1 : 0;
            j1 += t1 ? 0 : 1;
            i2 += t2 ? 1 : 0;
            j2 += t2 ? 0 : 1;
            i3 += t3 ? 1 : 0;
            j3 += t3 ? 0 : 1;
            hA0 = a[i0];
            hB0 = b[j0];
            hA1 = a[i1];
            hB1 = b[j1];
            hA2 = a[i2];
            hB2 = b[j2];
            hA3 = a[i3];
            hB3 = b[j3];
            max0 = Math.max(max0, Math.min(hA0, hB0) != v0 ? Math.abs(i0 * step1 - j0 * step2) : 0);
            max1 = Math.max(max1, Math.min(hA1, hB1) != v1 ? Math.abs(i1 * step1 - j1 * step2) : 0);
            max2 = Math.max(max2, Math.min(hA2, hB2) != v2 ? Math.abs(i2 * step1 - j2 * step2) : 0);
            max3 = Math.max(max3, Math.min(hA3, hB3) != v3 ? Math.abs(i3 * step1 - j3 * step2) : 0);
        }
        long h = Math.max(Math.max(max0, max1), Math.max(max2, max3));
        h = Math.max(h, finishChain(a, b, i0, j0, len0 - common, step1, step2));
        h = Math.max(h, finishChain(a, b, i1, j1, len1 - common, step1, step2));
        h = Math.max(h, finishChain(a, b, i2, j2, len2 - common, step1, step2));
        h = Math.max(h, finishChain(a, b, i3, j3, len3 - common, step1, step2));
        long lcm = (long) (n1 / g) * n2;
        double d = (double) h / lcm;
        out.statistic = d;
        out.pValue = KolmogorovSmirnovDistribution.twoSamplePValue(n1, n2, h, d);
        out.exact = KolmogorovSmirnovDistribution.isExact(n1, n2);
    }

    /** The remaining steps of one merge chain; returns the largest |difference| it saw. */
    private static long finishChain(long[] a, long[] b, int i, int j, long steps, long step1, long step2) {
        long max = 0;
        long headA = a[i];
        long headB = b[j];
        for (long step = 0; step < steps; step++) {
            boolean takeA = headA <= headB;
            long v = takeA ? headA : headB;
            i += takeA ? 1 : 0;
            j += takeA ? 0 : 1;
            headA = a[i];
            headB = b[j];
            max = Math.max(max, Math.min(headA, headB) != v ? Math.abs(i * step1 - j * step2) : 0);
        }
        return max;
    }

    /** The first index at or after {@code from} that starts a run of equal keys (or n). */
    private static int tieBoundary(long[] keys, int n, int from) {
        int at = Math.max(1, from);
        while (at < n && keys[at] == keys[at - 1]) {
            at++;
        }
        return Math.min(at, n);
    }

    /** The number of reference keys below the second sample's key at {@code index} (n1 at the end). */
    private static int lowerBound(long[] a, int n1, long[] b, int n2, int index) {
        if (index >= n2) {
            return n1;
        }
        long key = b[index];
        int low = 0;
        int high = n1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (a[mid] < key) {
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
