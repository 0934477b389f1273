package dev.mlops.drift;

import java.util.List;

/**
 * Reference and current proportions over common bins, for display. Numeric features use 20
 * equal-width bins over the range of both samples; categorical features one bin per category
 * (the 30 most frequent in the reference, the rest as "other").
 *
 * @param labels    bin labels
 * @param reference reference proportion per bin, over non-missing values
 * @param current   current proportion per bin, over non-missing values
 */
public record Histogram(List<String> labels, List<Double> reference, List<Double> current) {

    /** @throws IllegalArgumentException if the lists differ in length */
    public Histogram {
        labels = List.copyOf(labels);
        reference = List.copyOf(reference);
        current = List.copyOf(current);
        if (labels.size() != reference.size() || labels.size() != current.size()) {
            throw new IllegalArgumentException("labels and proportions differ in length");
        }
    }

    /** A histogram without bins (nothing to draw). */
    public static Histogram empty() {
        return new Histogram(List.of(), List.of(), List.of());
    }
}
