package dev.mlops.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Tail probabilities and quantiles of the normal, Student t and chi-square distributions,
 * accurate to about 1e-14 relative in the tails (no {@code 1 - cdf} cancellation): tails come from
 * erfc and the regularized incomplete beta and gamma functions, and quantiles are polished with
 * Newton steps on those tails. Every function returns a primitive and keeps no state; the tails
 * are commons-math's, whose continued fractions build a small helper object per evaluation for
 * large arguments.
 */
public final class Distributions {

    private static final double SQRT2 = Math.sqrt(2);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private Distributions() {
    }

    /** P(Z ≤ x) for a standard normal Z; 0 and 1 at the infinities. */
    public static double normalCdf(double x) {
        return 0.5 * Erf.erfc(-x / SQRT2);
    }

    /** P(|Z| ≥ |z|), the two-sided normal p-value, as {@code 2 * scipy.stats.norm.sf(abs(z))}; exactly 1 at 0. */
    public static double normalTwoSided(double z) {
        return Erf.erfc(Math.abs(z) / SQRT2);
    }

    /** The standard normal density φ(x). */
    private static double normalDensity(double x) {
        return Math.exp(-0.5 * x * x) / SQRT_2PI;
    }

    /**
     * The standard normal quantile: x with P(Z ≤ x) = p.
     *
     * @throws IllegalArgumentException if p is not in (0, 1)
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), was " + p);
        }
        if (p > 0.5) {
            return -normalQuantile(1 - p);  // exact: 1 - p has no rounding for p in [0.5, 1)
        }
        double x = SQRT2 * Erf.erfInv(2 * p - 1);
        if (Double.isInfinite(x) || Double.isNaN(x)) {
            x = -Math.sqrt(-2 * Math.log(p));
        }
        for (int i = 0; i < 50; i++) {
            // Newton on log Φ(x) = log p: converges in the far tail too, where Φ is ~ φ/|x|
            double cdf = normalCdf(x);
            double step = Math.log(cdf / p) * cdf / normalDensity(x);
            x -= step;
            if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) {
                break;
            }
        }
        return x;
    }

    /**
     * P(|T| ≥ |t|) for Student's t with {@code df} degrees of freedom (df &gt; 0, may be
     * fractional); 0 for an infinite t.
     */
    public static double tTwoSided(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0;
        }
        return Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /**
     * The Student t quantile: x with P(T ≤ x) = p.
     *
     * @throws IllegalArgumentException if p is not in (0, 1) or df is not positive
     */
    public static double tQuantile(double p, double df) {
        if (!(p > 0 && p < 1) || !(df > 0)) {
            throw new IllegalArgumentException("need p in (0, 1) and df > 0, got p=" + p + ", df=" + df);
        }
        if (p > 0.5) {
            return -tQuantile(1 - p, df);
        }
        TDistribution t = new TDistribution(null, df);
        double x = t.inverseCumulativeProbability(p);
        for (int i = 0; i < 50 && x < 0; i++) {
            double lowerTail = 0.5 * tTwoSided(x, df);
            double step = (lowerTail - p) / t.density(x);
            x -= step;
            if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) {
                break;
            }
        }
        return x;
    }

    /** P(X ≥ x) for a chi-square X with {@code dof} (&gt; 0) degrees of freedom; 1 for x ≤ 0. */
    public static double chiSquareSf(double x, int dof) {
        if (x <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(dof / 2.0, x / 2.0);
    }
}
