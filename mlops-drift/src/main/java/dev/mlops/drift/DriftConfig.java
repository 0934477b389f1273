package dev.mlops.drift;

import dev.mlops.stats.Correction;

/**
 * How a check decides. A feature drifted when its decisive test (see {@link DriftMethod}) is
 * significant after multiple-testing correction (adjusted p &lt; {@code alpha}; tests without a
 * p-value skip this part) <em>and</em> its effect size reaches the floor of the scale, or when its
 * missing rate changed significantly by at least the floor of {@code scale}. The family of the
 * correction is every p-value of the check: each feature's decisive test (when it has one) and
 * each feature's missing-rate test.
 *
 * <p>Effect sizes: KS → D; chi-square → Cramér's V = √(χ²/N); JS → the distance; Wasserstein →
 * distance divided by the reference standard deviation (infinite when that is 0 and the
 * distance is not); PSI → the index, on {@code psiScale}; missing rate → |change in rate|.
 *
 * @param method          the deciding test
 * @param alpha           significance level in (0, 1)
 * @param correction      multiple-testing correction
 * @param scale           severity scale for effect sizes in [0, 1] (and Wasserstein)
 * @param psiScale        severity scale for PSI
 * @param minDriftedShare the dataset drifted when at least one feature drifted and the share of
 *                        drifted features is at least this, in [0, 1]
 */
public record DriftConfig(DriftMethod method, double alpha, Correction correction, SeverityScale scale,
                          SeverityScale psiScale, double minDriftedShare) {

    /** @throws IllegalArgumentException on a null part or a value out of range */
    public DriftConfig {
        if (method == null || correction == null || scale == null || psiScale == null) {
            throw new IllegalArgumentException("method, correction and scales are required");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
        }
        if (!(minDriftedShare >= 0 && minDriftedShare <= 1)) {
            throw new IllegalArgumentException("minDriftedShare must be in [0, 1]: " + minDriftedShare);
        }
    }

    /** AUTO, alpha 0.05, Benjamini-Hochberg, default scales, any drifted feature flags the dataset. */
    public static DriftConfig defaults() {
        return new DriftConfig(DriftMethod.AUTO, 0.05, Correction.BENJAMINI_HOCHBERG, SeverityScale.defaults(),
            SeverityScale.psiFolklore(), 0.0);
    }

    /** This config with another method. */
    public DriftConfig withMethod(DriftMethod value) {
        return new DriftConfig(value, alpha, correction, scale, psiScale, minDriftedShare);
    }

    /** This config with another alpha. */
    public DriftConfig withAlpha(double value) {
        return new DriftConfig(method, value, correction, scale, psiScale, minDriftedShare);
    }

    /** This config with another correction. */
    public DriftConfig withCorrection(Correction value) {
        return new DriftConfig(method, alpha, value, scale, psiScale, minDriftedShare);
    }

    /** This config with another severity scale for [0, 1] effect sizes. */
    public DriftConfig withScale(SeverityScale value) {
        return new DriftConfig(method, alpha, correction, value, psiScale, minDriftedShare);
    }

    /** This config with another PSI severity scale. */
    public DriftConfig withPsiScale(SeverityScale value) {
        return new DriftConfig(method, alpha, correction, scale, value, minDriftedShare);
    }

    /** This config with another dataset share threshold. */
    public DriftConfig withMinDriftedShare(double value) {
        return new DriftConfig(method, alpha, correction, scale, psiScale, value);
    }

    /** The scale that applies to a test's effect size. */
    SeverityScale scaleFor(TestMethod test) {
        return test == TestMethod.PSI ? psiScale : scale;
    }
}
