package dev.mlops.drift;

import dev.mlops.data.FeatureType;
import java.util.Locale;

/**
 * The test that decides whether a feature drifted. {@link #AUTO} uses KS for numeric and
 * chi-square for categorical features. A method that does not apply to a feature's type (KS or
 * Wasserstein on a categorical feature, chi-square on a numeric one) falls back to the
 * {@code AUTO} choice for that feature. Every applicable test is computed and reported anyway.
 */
public enum DriftMethod {
    AUTO, KS, PSI, CHI2, JS, WASSERSTEIN;

    /**
     * Parses a lower- or upper-case name ({@code auto|ks|psi|chi2|js|wasserstein}).
     *
     * @throws IllegalArgumentException for any other text, naming the accepted values
     */
    public static DriftMethod parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown method '" + text + "'; use auto, ks, psi, chi2, js or wasserstein", e);
        }
    }

    /** The test that decides for a feature of this type. */
    public TestMethod decisiveTest(FeatureType type) {
        boolean numeric = type == FeatureType.NUMERIC;
        return switch (this) {
            case PSI -> TestMethod.PSI;
            case JS -> TestMethod.JS;
            case WASSERSTEIN -> numeric ? TestMethod.WASSERSTEIN : TestMethod.CHI2;
            case AUTO, KS, CHI2 -> numeric ? TestMethod.KS : TestMethod.CHI2;
        };
    }
}
