package dev.mlops.stats;

import dev.mlops.stats.internal.PValueAdjustment;
import java.util.Locale;

/** Multiple-testing correction applied to the family of per-feature p-values of one check. */
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
     * Adjusted p-values in the input order.
     *
     * @throws IllegalArgumentException if a p-value is outside [0, 1]
     */
    public double[] adjust(double[] pValues) {
        return switch (this) {
            case BENJAMINI_HOCHBERG -> PValueAdjustment.benjaminiHochberg(pValues);
            case HOLM -> PValueAdjustment.holm(pValues);
            case BONFERRONI -> PValueAdjustment.bonferroni(pValues);
            case NONE -> pValues.clone();
        };
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
