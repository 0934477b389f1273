package dev.mlops.stats;

import dev.mlops.stats.internal.PValueAdjustment;
import java.util.Locale;

/**
 * Multiple-testing correction of a family of p-values: drift's per-feature tests of one check, an
 * experiment's treatments compared with the control.
 */
public enum Correction {
    /** Benjamini-Hochberg step-up (false discovery rate); the default. */
    BENJAMINI_HOCHBERG,
    /** Holm step-down (family-wise error rate). */
    HOLM,
    /** Bonferroni (family-wise error rate, conservative). */
    BONFERRONI,
    /** No correction. */
    NONE;

    /**
     * Adjusted p-values in the input order. An undefined p-value (NaN: a test that could not be
     * computed) stays NaN and counts as 1 in the family: it is one of the hypotheses, never a
     * rejected one.
     *
     * @throws IllegalArgumentException if a p-value is outside [0, 1]
     */
    public double[] adjust(double[] pValues) {
        double[] defined = new double[pValues.length];
        for (int i = 0; i < pValues.length; i++) {
            defined[i] = Double.isNaN(pValues[i]) ? 1.0 : pValues[i];
        }
        double[] adjusted = switch (this) {
            case BENJAMINI_HOCHBERG -> PValueAdjustment.benjaminiHochberg(defined);
            case HOLM -> PValueAdjustment.holm(defined);
            case BONFERRONI -> PValueAdjustment.bonferroni(defined);
            case NONE -> defined;
        };
        for (int i = 0; i < pValues.length; i++) {
            if (Double.isNaN(pValues[i])) {
                adjusted[i] = Double.NaN;
            }
        }
        return adjusted;
    }

    /**
     * Parses {@code bh|benjamini-hochberg|holm|bonferroni|none}, any case.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static Correction parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "bh", "benjamini-hochberg", "benjamini_hochberg", "fdr" -> BENJAMINI_HOCHBERG;
            case "holm" -> HOLM;
            case "bonferroni" -> BONFERRONI;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown correction '" + text + "'; use bh, holm, bonferroni or none");
        };
    }
}
