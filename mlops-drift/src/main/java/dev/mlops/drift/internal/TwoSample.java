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
     * {@link RadixSort} (each followed by {@link RadixSort#SENTINEL}), written to {@code out}. The
     * merge is branch-free: at every step the smaller head is consumed, and the CDF difference is
     * kept only where the next value differs (the end of a run of ties).
     */
    public static void ksOnKeys(long[] a, int n1, long[] b, int n2, KsOutcome out) {
        if (n1 <= 0 || n2 <= 0) {
            throw new IllegalArgumentException("both samples need values: " + n1 + ", " + n2);
        }
        int g = KolmogorovSmirnovDistribution.gcd(n1, n2);
        long step1 = n2 / g;
        long step2 = n1 / g;
        long maxPlus = 0;
        long maxMinus = 0;
        int i = 0;
        int j = 0;
        long headA = a[0];
        long headB = b[0];
        for (int steps = n1 + n2; steps > 0; steps--) {
            boolean takeA = headA <= headB;
            long v = takeA ? headA : headB;
            i += takeA ? 1 : 0;
            j += takeA ? 0 : 1;
            headA = a[i];
            headB = b[j];
            long diff = i * step1 - j * step2;
            long candidate = Math.min(headA, headB) != v ? diff : 0;
            maxPlus = Math.max(maxPlus, candidate);
            maxMinus = Math.max(maxMinus, -candidate);
        }
        long h = Math.max(maxPlus, maxMinus);
        long lcm = (long) (n1 / g) * n2;
        double d = (double) h / lcm;
        out.statistic = d;
        out.pValue = KolmogorovSmirnovDistribution.twoSamplePValue(n1, n2, h, d);
        out.exact = KolmogorovSmirnovDistribution.isExact(n1, n2);
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
