package dev.mlops.drift.internal;

/**
 * Null distribution of the two-sided two-sample Kolmogorov-Smirnov statistic, with the same
 * conventions as scipy's {@code ks_2samp(method='auto', alternative='two-sided')}:
 * exact when {@code max(n1, n2) <= 10,000}, else the one-sample distribution of
 * {@code D_N} with {@code N = round(n1*n2/(n1+n2))} (scipy's {@code kstwo}), evaluated with the
 * algorithms of Simard and L'Ecuyer (2011) and the same switching rules as scipy.
 *
 * <p>References: Hodges (1958) for the lattice-path formulation of the exact two-sample
 * distribution; Marsaglia, Tsang and Wang (2003) for the Durbin matrix; Pelz and Good (1976) for
 * the asymptotic series; Birnbaum and Tingey (1951) for the one-sided Smirnov tail.
 */
public final class KolmogorovSmirnovDistribution {

    /** Largest sample size for which the exact two-sample distribution is used. */
    public static final int MAX_EXACT_N = 10_000;

    /** log of the smallest normal double, below which {@code exp} underflows (cephes MINLOG). */
    private static final double MIN_LOG = -7.08396418532264106224E2;
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final int SCALE_EXPONENT = 128;
    private static final double BIG = Math.scalb(1.0, SCALE_EXPONENT);
    private static final double SMALL = Math.scalb(1.0, -SCALE_EXPONENT);
    private static final int SMIRNOV_MAX_COMPUTE_N = 1_000_000;
    /** exp(-1000) ≈ 1e-434, beyond even subnormal doubles (4.9e-324) by a wide margin. */
    private static final double NEGLIGIBLE_EXPONENT = 1000;
    /** B_{2j} / (2j (2j-1)) for j = 8 .. 1, the Stirling series coefficients, highest order first. */
    private static final double[] STIRLING_COEFFICIENTS = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
        7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovSmirnovDistribution() {
    }

    /**
     * P(D ≥ d) under H0 for two samples of sizes n1 and n2.
     *
     * @param h the statistic in units of 1/lcm(n1, n2), i.e. {@code d = h / lcm}; used by the
     *          exact path
     * @param d the statistic as a double; used by the asymptotic path
     * @return the p-value in [0, 1]
     */
    public static double twoSamplePValue(int n1, int n2, long h, double d) {
        if (n1 <= 0 || n2 <= 0) {
            throw new IllegalArgumentException("sample sizes must be positive: " + n1 + ", " + n2);
        }
        if (Math.max(n1, n2) <= MAX_EXACT_N) {
            double p = exactPValue(n1, n2, h);
            if (p >= 0 && p <= 1) {
                return p;
            }
        }
        return asymptoticPValue(n1, n2, d);
    }

    /** True when {@link #twoSamplePValue} takes the exact path for these sizes. */
    public static boolean isExact(int n1, int n2) {
        return Math.max(n1, n2) <= MAX_EXACT_N;
    }

    /**
     * Exact P(D ≥ h/lcm) by counting lattice paths that leave the band |x/n1 - y/n2| < h/lcm.
     * Rounding can push the result just outside [0, 1]; the caller then falls back to the
     * asymptotic distribution, as scipy does.
     */
    static double exactPValue(int n1, int n2, long h) {
        if (h <= 0) {
            return 1.0;
        }
        if (n1 == n2) {
            return equalSizesPValue(n1, (int) h);
        }
        int g = gcd(n1, n2);
        double d = (double) h / ((double) (n1 / g) * n2);
        double en = (double) n1 * n2 / ((double) n1 + n2);
        if (2 * d * d * en > NEGLIGIBLE_EXPONENT) {
            // P ≤ 2·exp(-2·d²·en) is far below the smallest double: the path count, whose cost
            // grows with d, would underflow to 0 anyway
            return 0.0;
        }
        return unequalSizesPValue(n1, n2, g, h);
    }

    /**
     * For n1 = n2 = n: P = 2 Σ_{k≥1} (-1)^{k-1} C(2n, n-kh) / C(2n, n), evaluated as
     * 2 A0 (1 - A1 (1 - A2 (...))) with A_k = C(2n, n-(k+1)h) / C(2n, n-kh) so that the
     * alternating terms do not cancel catastrophically.
     */
    private static double equalSizesPValue(int n, int h) {
        double p = 0.0;
        for (long k = n / h; k >= 0; k--) {
            double ratio = 1.0;
            long kh = k * h;
            for (int j = 0; j < h; j++) {
                ratio = (n - kh - j) * ratio / (n + kh + j + 1);
            }
            p = ratio * (1.0 - p);
        }
        return 2 * p;
    }

    /**
     * For n1 ≠ n2: probability that a uniformly random monotone lattice path from (0,0) to
     * (m,n) touches or leaves the band |ng·x - mg·y| < h (mg = m/g, ng = n/g), by dynamic
     * programming over columns. Each cell holds the probability that the path up to that cell
     * has already left the band, so all values stay in [0, 1] and nothing overflows.
     */
    private static double unequalSizesPValue(int n1, int n2, int g, long h) {
        int m = Math.max(n1, n2);
        int n = Math.min(n1, n2);
        long mg = m / g;
        long ng = n / g;
        double[] column = new double[n + 1];
        java.util.Arrays.fill(column, 1.0);
        int low = 0;
        int high = (int) Math.min(n, ceilDiv(h, mg) - 1);
        for (int y = 0; y <= high; y++) {
            column[y] = 0.0;
        }
        for (int x = 1; x <= m; x++) {
            long numeratorLow = ng * x - h;
            int newLow = (int) Math.max(0, Math.floorDiv(numeratorLow, mg) + 1);
            int newHigh = (int) Math.min(n, ceilDiv(ng * x + h, mg) - 1);
            if (newLow > newHigh) {
                return 1.0;
            }
            // cells that fell below the band are outside from now on
            for (int y = low; y < newLow && y <= n; y++) {
                column[y] = 1.0;
            }
            low = newLow;
            high = newHigh;
            for (int y = low; y <= high; y++) {
                double fromLeft = column[y];
                double fromBelow = y == 0 ? 0.0 : column[y - 1];
                column[y] = ((double) x * fromLeft + (double) y * fromBelow) / ((double) x + y);
            }
        }
        return column[n];
    }

    /**
     * Asymptotic two-sample p-value: the survival function of the one-sample two-sided statistic
     * D_N at d with N = round(n1 n2 / (n1 + n2)) (round half to even), as scipy's
     * {@code kstwo.sf(d, np.round(en))}.
     */
    static double asymptoticPValue(int n1, int n2, double d) {
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        double en = m * n / (m + n);
        return clip(kolmogorovSf(Math.rint(en), d));
    }

    /**
     * Survival function P(D_n ≥ x) of the one-sample two-sided Kolmogorov-Smirnov statistic,
     * with the algorithm choice of Simard and L'Ecuyer (2011) as used by scipy's {@code kstwo}:
     * Ruben-Gambino closed forms at the ends, twice the one-sided Smirnov tail for x ≥ 0.5 and
     * in the upper tail, the Durbin matrix (exact) for small n·x², and the Pelz-Good series for
     * large n. Where scipy uses Pomeranz's recursion (n ≤ 140, 0.754693 < n·x² ≤ 4) the Durbin
     * matrix computes the same exact probability.
     */
    static double kolmogorovSf(double nDouble, double x) {
        if (!(nDouble >= 1 && nDouble <= Integer.MAX_VALUE) || Double.isNaN(x)) {
            throw new IllegalArgumentException("bad arguments: n=" + nDouble + ", x=" + x);
        }
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.0) {
            return 1.0;
        }
        int n = (int) nDouble;
        double t = n * x;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            double prob;
            if (n <= 140) {
                prob = 1.0;
                double base = 2 * t - 1;
                double invN = 1.0 / n;
                for (int i = 1; i <= n; i++) {
                    prob *= i * invN * base;
                }
            } else {
                prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - prob);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * smirnovSf(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 4) {
                return clip(1.0 - durbinCdf(n, x));
            }
            return clip(2 * smirnovSf(n, x));
        }
        if (nxSquared >= 370.0) {
            return 0.0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * smirnovSf(n, x));
        }
        double cdf;
        if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
            cdf = durbinCdf(n, x);
        } else {
            cdf = pelzGoodCdf(n, x);
        }
        return clip(1.0 - cdf);
    }

    /** log(n! / n^n) by Stirling's series with the n·log(n) term removed up front. */
    static double logFactorialOverPower(double n) {
        double rn = 1.0 / n;
        double u = rn / n;
        double poly = 0;
        for (double c : STIRLING_COEFFICIENTS) {
            poly = poly * u + c;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    /**
     * P(D_n < x) by the Durbin matrix in the form of Marsaglia, Tsang and Wang (2003):
     * with n·x = k - h, k integer, 0 ≤ h < 1, the probability is n!/n^n · (H^n)[k-1][k-1] for a
     * (2k-1)×(2k-1) matrix H. Powers are rescaled by 2^128 with the exponent kept separately.
     */
    static double durbinCdf(int n, double x) {
        if (x >= 1.0) {
            return 1.0;
        }
        double nd = n * x;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int size = 2 * k - 1;
        double[] matrix = new double[size * size];
        double[] inverseFactorial = new double[size + 1];
        inverseFactorial[0] = 1.0;
        for (int i = 1; i <= size; i++) {
            inverseFactorial[i] = inverseFactorial[i - 1] / i;
        }
        for (int row = 0; row < size; row++) {
            for (int col = 1; col < size; col++) {
                int order = row - col + 1;
                if (order >= 0) {
                    matrix[row * size + col] = inverseFactorial[order];
                }
            }
        }
        for (int row = 0; row < size; row++) {
            matrix[row * size] = (1.0 - Math.pow(h, row + 1)) * inverseFactorial[row + 1];
        }
        for (int col = 0; col < size; col++) {
            matrix[(size - 1) * size + col] = (1.0 - Math.pow(h, size - col)) * inverseFactorial[size - col];
        }
        double corner = Math.pow(Math.max(2 * h - 1, 0), size) - 2 * Math.pow(h, size);
        matrix[(size - 1) * size] = (1.0 + corner) * inverseFactorial[size];

        double[] power = identity(size);
        double[] scratch = new double[size * size];
        long powerExponent = 0;
        long matrixExponent = 0;
        int remaining = n;
        while (remaining > 0) {
            if ((remaining & 1) != 0) {
                multiply(power, matrix, scratch, size);
                System.arraycopy(scratch, 0, power, 0, scratch.length);
                powerExponent += matrixExponent;
            }
            remaining >>= 1;
            if (remaining > 0) {
                multiply(matrix, matrix, scratch, size);
                System.arraycopy(scratch, 0, matrix, 0, scratch.length);
                matrixExponent *= 2;
                if (Math.abs(matrix[(k - 1) * size + (k - 1)]) > BIG) {
                    for (int i = 0; i < matrix.length; i++) {
                        matrix[i] *= SMALL;
                    }
                    matrixExponent += SCALE_EXPONENT;
                }
            }
        }
        double p = power[(k - 1) * size + (k - 1)];
        long exponent = powerExponent;
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < SMALL) {
                p *= BIG;
                exponent -= SCALE_EXPONENT;
            }
        }
        p = scalb(p, exponent);
        return clip(p);
    }

    private static double scalb(double value, long exponent) {
        long e = Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, exponent));
        return Math.scalb(value, (int) e);
    }

    private static double[] identity(int size) {
        double[] result = new double[size * size];
        for (int i = 0; i < size; i++) {
            result[i * size + i] = 1.0;
        }
        return result;
    }

    private static void multiply(double[] a, double[] b, double[] out, int size) {
        java.util.Arrays.fill(out, 0.0);
        for (int i = 0; i < size; i++) {
            for (int l = 0; l < size; l++) {
                double ail = a[i * size + l];
                if (ail == 0.0) {
                    continue;
                }
                int bRow = l * size;
                int outRow = i * size;
                for (int j = 0; j < size; j++) {
                    out[outRow + j] += ail * b[bRow + j];
                }
            }
        }
    }

    /**
     * Pelz-Good (1976) approximation of P(D_n ≤ x): Li-Chien/Korolyuk expansion
     * K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5 in z = x√n, each term written with Jacobi theta
     * transforms so that the series converge quickly for small z.
     */
    static double pelzGoodCdf(int n, double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double z3 = z2 * z;
        double qLog = -Math.PI * Math.PI / 8 / z2;
        if (qLog < -708) {
            return 0.0;
        }
        double q = Math.exp(qLog);
        double pi2 = Math.PI * Math.PI;
        double pi4 = pi2 * pi2;
        double pi6 = pi4 * pi2;
        double k1a = -z2;
        double k1b = pi2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * pi2 / 4;
        double k2c = pi4 * (1 - 2 * z2) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64;
        double k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = pi2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * z4 * z4;
        // sums over odd m = 2k-1 of c(m) q^(m^2), by a Horner scheme in q^(8k)
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int maxK = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maxK; k >= 1; k--) {
            double m = 2.0 * k - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qPower = Math.pow(q, 8.0 * k);
            s0 = s0 * qPower + 1.0;
            s1 = s1 * qPower + (k1a + k1b * m2);
            s2 = s2 * qPower + (k2a + k2b * m2 + k2c * m4);
            s3 = s3 * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
        }
        double factor = q * SQRT_2PI;
        double k0 = s0 * factor / z;
        double k1 = s1 * factor / (6 * z4);
        double k2 = s2 * factor / (72 * z6 * z);
        double k3 = s3 * factor / (6480 * z6 * z4);
        // sums over all positive integers k of terms in q2^(k^2)
        double q2 = Math.exp(-pi2 / 2 / z2);
        double sqrt3z = Math.sqrt(3) * z;
        double extra2 = 0;
        double extra3 = 0;
        for (int k = maxK; k >= 1; k--) {
            double k2sq = (double) k * k;
            double qk = Math.pow(q2, k2sq);
            double kpi = Math.PI * k;
            extra2 += k2sq * qk;
            extra3 += (sqrt3z + kpi) * (sqrt3z - kpi) * k2sq * qk;
        }
        k2 += extra2 * pi2 * SQRT_2PI / (-36 * z3);
        k3 += extra3 * pi2 * SQRT_2PI / (216 * z6);
        double rootN = Math.sqrt(n);
        return k0 + k1 / rootN + k2 / n + k3 / (n * rootN);
    }

    /**
     * One-sided Smirnov tail P(D_n^+ ≥ x) as scipy's {@code smirnov}: closed forms for
     * x ≤ 1/n and x ≥ 1 - 1/n, zero when -2nx² is below the double range, the approximation
     * exp(-(6nx+1)²/(18n)) for n above 1,000,000, else the Birnbaum-Tingey sum
     * x Σ_{v=0}^{⌊n(1-x)⌋} C(n,v) (x+v/n)^{v-1} (1-x-v/n)^{n-v}, whose terms are all positive,
     * summed in log space until the remaining terms cannot change the sum.
     */
    static double smirnovSf(int n, double x) {
        double nDouble = n;
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.0) {
            return 1.0;
        }
        if (nDouble == 1) {
            return 1.0 - x;
        }
        double nx = nDouble * x;
        double nxFloor = Math.floor(nx);
        if (nxFloor == 0 || nx == 1.0) {
            double cdf = x * Math.pow(1 + x, nDouble - 1);
            return 1.0 - cdf;
        }
        if (-2 * nDouble * x * x < MIN_LOG) {
            return 0.0;
        }
        if (nxFloor >= nDouble - 1) {
            return Math.pow(1 - x, nDouble);
        }
        if (n > SMIRNOV_MAX_COMPUTE_N) {
            double a = 6 * nDouble * x + 1.0;
            return Math.exp(-a * a / 18.0 / nDouble);
        }
        int last = n - (int) nxFloor - 1;
        double logBinomial = 0.0;
        double sum = 0.0;
        double previous = 0.0;
        for (int v = 0; v <= last; v++) {
            double upper = x + (double) v / n;
            double lower = ((double) (n - v) - nx) / n;
            if (lower > 0) {
                double logTerm = logBinomial + (v - 1) * Math.log(upper) + (n - v) * Math.log(lower);
                double term = Math.exp(logTerm);
                sum += term;
                if (term < previous && 4.0 * (last - v + 1) * term < Math.ulp(1.0) * sum) {
                    break;
                }
                previous = term;
            }
            logBinomial += Math.log((double) (n - v) / (v + 1));
        }
        return sum * x;
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static double clip(double p) {
        if (Double.isNaN(p)) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, p));
    }
}
