package dev.mlops.stats;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Comparisons of a treatment sample with a control sample, with conventions exact enough to be
 * recomputed elsewhere (the fixed-horizon ones agree with scipy to 1e-9). Effects are treatment
 * minus control, in the samples' units; p-values are two-sided; every confidence interval has
 * level 1 − α.
 */
public final class TwoSampleTests {

    private TwoSampleTests() {
    }

    /**
     * The pooled two-proportion z statistic z = (p_T − p_C) / √(p̄(1 − p̄)(1/n_C + 1/n_T)) with
     * p̄ = (k_C + k_T)/(n_C + n_T); 0 when there is no variation at all (p̄ is 0 or 1). Its
     * two-sided p-value is {@link Distributions#normalTwoSided}(z), which is 1 at 0. Allocates
     * nothing.
     *
     * @throws IllegalArgumentException if a sample is empty or its successes are outside [0, units]
     */
    public static double twoProportionZ(long controlSuccesses, long controlUnits, long treatmentSuccesses, long treatmentUnits) {
        if (controlUnits <= 0 || treatmentUnits <= 0) {
            throw new IllegalArgumentException("both samples need units: " + controlUnits + ", " + treatmentUnits);
        }
        if (controlSuccesses < 0 || controlSuccesses > controlUnits || treatmentSuccesses < 0 || treatmentSuccesses > treatmentUnits) {
            throw new IllegalArgumentException("successes must be in [0, units]: " + controlSuccesses + " of " + controlUnits
                + ", " + treatmentSuccesses + " of " + treatmentUnits);
        }
        double pc = (double) controlSuccesses / controlUnits;
        double pt = (double) treatmentSuccesses / treatmentUnits;
        double pooled = (double) (controlSuccesses + treatmentSuccesses) / (controlUnits + treatmentUnits);
        double nullSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlUnits + 1.0 / treatmentUnits));
        return nullSe == 0 ? 0 : (pt - pc) / nullSe;
    }

    /**
     * The two-proportion z-test: z as {@link #twoProportionZ}, p = 2·P(Z ≥ |z|) (as
     * {@code 2 * scipy.stats.norm.sf(abs(z))}), and the unpooled Wald interval
     * (p_T − p_C) ± z_{1−α/2} √(p_C(1 − p_C)/n_C + p_T(1 − p_T)/n_T).
     *
     * @throws IllegalArgumentException if a sample is empty, successes exceed units, or alpha is
     *                                  not in (0, 1)
     */
    public static TestResult twoProportion(long controlSuccesses, long controlUnits, long treatmentSuccesses,
                                           long treatmentUnits, double alpha) {
        checkAlpha(alpha);
        double z = twoProportionZ(controlSuccesses, controlUnits, treatmentSuccesses, treatmentUnits);
        double pc = (double) controlSuccesses / controlUnits;
        double pt = (double) treatmentSuccesses / treatmentUnits;
        double effect = pt - pc;
        double se = Math.sqrt(pc * (1 - pc) / controlUnits + pt * (1 - pt) / treatmentUnits);
        double half = Distributions.normalQuantile(1 - alpha / 2) * se;
        return comparison(ComparisonMethod.Z, z, OptionalDouble.of(Distributions.normalTwoSided(z)),
            new Effect(effect, effect - half, effect + half));
    }

    /**
     * Welch's t-test for unequal variances, as {@code scipy.stats.ttest_ind_from_stats(...,
     * equal_var=False)}: t = (m_T − m_C)/√(s_C²/n_C + s_T²/n_T), Welch–Satterthwaite degrees of
     * freedom, p = P(|T_df| ≥ |t|). The confidence interval is effect ± t_{1−α/2, df} · se. When
     * both variances are 0, t is NaN, the p-value empty (undefined) and the interval the effect
     * alone.
     *
     * @throws IllegalArgumentException if a sample has fewer than 2 units or alpha is not in (0, 1)
     */
    public static TestResult welch(Sample control, Sample treatment, double alpha) {
        checkAlpha(alpha);
        if (control.count() < 2 || treatment.count() < 2) {
            throw new IllegalArgumentException("Welch's test needs at least 2 units per sample: " + control.count() + ", " + treatment.count());
        }
        double vc = control.variance() / control.count();
        double vt = treatment.variance() / treatment.count();
        double se = Math.sqrt(vc + vt);
        double effect = treatment.mean() - control.mean();
        if (se == 0) {
            return comparison(ComparisonMethod.WELCH_T, Double.NaN, OptionalDouble.empty(), Effect.exactly(effect));
        }
        double t = effect / se;
        double df = (vc + vt) * (vc + vt) / (vc * vc / (control.count() - 1) + vt * vt / (treatment.count() - 1));
        double half = Distributions.tQuantile(1 - alpha / 2, df) * se;
        return comparison(ComparisonMethod.WELCH_T, t, OptionalDouble.of(Distributions.tTwoSided(t, df)),
            new Effect(effect, effect - half, effect + half));
    }

    /**
     * The mixture sequential probability ratio test (mSPRT) of Johari, Koomen, Pekelis and Walsh
     * ("Always Valid Inference: Continuous Monitoring of A/B Tests", Operations Research, 2022),
     * for the difference of means θ = μ_T − μ_C with a normal mixing distribution:
     * <ul>
     *   <li>Δ = m_T − m_C, and V = s_C²/n_C + s_T²/n_T its variance, with s² = p(1 − p) for
     *       conversions and the sample variance otherwise (V falls back to σ̄²(1/n_C + 1/n_T) when
     *       it is 0);</li>
     *   <li>mixing distribution θ ~ N(0, τ²σ̄²): τ is in units of the pooled standard deviation
     *       σ̄ (σ̄² = p̄(1 − p̄) for conversions, the pooled sample variance otherwise), so the test
     *       does not depend on the metric's scale;</li>
     *   <li>mixture likelihood ratio Λ = √(V/(V + T)) · exp(Δ²T / (2V(V + T))) with T = τ²σ̄²;</li>
     *   <li>p = min(1, 1/Λ). Λ is a martingale under H0, so by Ville's inequality
     *       P(p ≤ α at any look) ≤ α: the p-value may be watched continuously, and its running
     *       minimum over looks is also valid;</li>
     *   <li>the always-valid confidence interval inverts the test:
     *       Δ ± √(V(V + T)/T · (ln((V + T)/V) − 2 ln α)).</li>
     * </ul>
     * The statistic is the z-score of the difference, Δ/√V. Without any variation (σ̄ = 0) the
     * statistic is NaN, the p-value empty (undefined) and the interval the effect alone.
     *
     * @param conversion whether the samples are conversion rates (variances from the rates)
     * @param tau        the mixing standard deviation in pooled standard deviations, positive
     * @throws IllegalArgumentException if a sample is empty, tau is not positive or alpha is not
     *                                  in (0, 1)
     */
    public static TestResult msprt(Sample control, Sample treatment, boolean conversion, double tau, double alpha) {
        checkAlpha(alpha);
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("tau must be a positive number, was " + tau);
        }
        long nc = control.count();
        long nt = treatment.count();
        if (nc < 1 || nt < 1) {
            throw new IllegalArgumentException("both samples need units: " + nc + ", " + nt);
        }
        double effect = treatment.mean() - control.mean();
        double pooled;
        double v;
        if (conversion) {
            double rate = (control.mean() * nc + treatment.mean() * nt) / (nc + nt);
            pooled = rate * (1 - rate);
            v = control.mean() * (1 - control.mean()) / nc + treatment.mean() * (1 - treatment.mean()) / nt;
        } else {
            pooled = nc + nt > 2 ? ((nc - 1) * control.variance() + (nt - 1) * treatment.variance()) / (nc + nt - 2) : 0;
            v = control.variance() / nc + treatment.variance() / nt;
        }
        if (!(pooled > 0)) {
            return comparison(ComparisonMethod.MSPRT, Double.NaN, OptionalDouble.empty(), Effect.exactly(effect));
        }
        if (v == 0) {
            v = pooled * (1.0 / nc + 1.0 / nt);
        }
        double mixing = tau * tau * pooled;
        double logRatio = 0.5 * Math.log(v / (v + mixing)) + effect * effect * mixing / (2 * v * (v + mixing));
        double p = logRatio <= 0 ? 1 : Math.exp(-logRatio);
        double half = Math.sqrt(v * (v + mixing) / mixing * (Math.log((v + mixing) / v) - 2 * Math.log(alpha)));
        return comparison(ComparisonMethod.MSPRT, effect / Math.sqrt(v), OptionalDouble.of(p),
            new Effect(effect, effect - half, effect + half));
    }

    private static TestResult comparison(ComparisonMethod method, double statistic, OptionalDouble pValue, Effect effect) {
        return new TestResult(method, statistic, pValue, Optional.of(effect));
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
    }
}
