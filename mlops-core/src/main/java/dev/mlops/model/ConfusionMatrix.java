package dev.mlops.model;

import java.util.List;

/**
 * Counts of rows by actual label (rows of {@code counts}) and predicted label (columns), both in
 * the order of {@code labels}.
 *
 * @param labels the labels, in the model's order
 * @param counts {@code counts.get(a).get(p)}: rows with actual label {@code a} predicted as {@code p}
 */
public record ConfusionMatrix(List<String> labels, List<List<Long>> counts) {

    public ConfusionMatrix {
        labels = List.copyOf(labels);
        counts = counts.stream().map(List::copyOf).toList();
        int n = labels.size();
        if (counts.size() != n || counts.stream().anyMatch(row -> row.size() != n)) {
            throw new IllegalArgumentException("a confusion matrix of " + n + " labels needs " + n + "x" + n + " counts");
        }
    }

    /**
     * The number of rows with this actual label predicted as {@code predicted}.
     *
     * @throws IllegalArgumentException if either is not one of the labels
     */
    public long count(String actual, String predicted) {
        return counts.get(index(actual)).get(index(predicted));
    }

    private int index(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("'" + label + "' is not one of the labels " + labels);
        }
        return i;
    }
}
