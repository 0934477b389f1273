package dev.mlops.drift;

import dev.mlops.stats.Method;

/** A statistical test or distance reported for a feature. */
public enum TestMethod implements Method {
    /** Two-sample Kolmogorov-Smirnov (numeric); statistic D, p-value P(D ≥ d). */
    KS("ks"),
    /** Population stability index on reference decile (or category) bins; no p-value. */
    PSI("psi"),
    /** Jensen-Shannon distance, base 2, on the same bins; no p-value. */
    JS("js"),
    /** First Wasserstein distance in the feature's units (numeric); no p-value. */
    WASSERSTEIN("wasserstein"),
    /** Chi-square test of homogeneity over the union of categories (categorical). */
    CHI2("chi2"),
    /** Pooled two-proportion z-test on the missing rate; statistic z, two-sided p-value. */
    MISSING("missing");

    private final String jsonName;

    TestMethod(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
