package dev.mlops.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row's prediction: the predicted label and the probability of each label.
 *
 * @param label the label with the highest probability (the first in label order on a tie)
 * @param probabilities per label in the model's order; they sum to 1
 */
public record Prediction(String label, Map<String, Double> probabilities) {

    public Prediction {
        Objects.requireNonNull(label, "label");
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /**
     * The probability of one label.
     *
     * @throws IllegalArgumentException if the model has no such label
     */
    public double probability(String label) {
        Double p = probabilities.get(label);
        if (p == null) {
            throw new IllegalArgumentException("no label '" + label + "'; labels are " + probabilities.keySet());
        }
        return p;
    }
}
