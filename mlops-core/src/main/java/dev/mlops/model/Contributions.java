package dev.mlops.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One prediction explained additively: for each output of the model (a class's score, or the
 * log-odds of the positive class) the contribution of each feature, such that the expected value
 * plus the contributions is the model's output for that row, in the model's score space (log-odds
 * or margins for logistic models and boosting, probabilities for a forest).
 *
 * @param features the feature names
 * @param outputs what each output is the score of: a class label
 * @param expected per output, the model's output with no feature known (its base value)
 * @param values per output and feature, {@code values[output][feature]}
 */
public record Contributions(List<String> features, List<String> outputs, double[] expected, double[][] values) {

    /**
     * Checks the shape.
     *
     * @throws IllegalArgumentException if the arrays do not have one entry per output and feature
     */
    public Contributions {
        features = List.copyOf(features);
        outputs = List.copyOf(outputs);
        expected = expected.clone();
        values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
        if (expected.length != outputs.size() || values.length != outputs.size()) {
            throw new IllegalArgumentException("expected values and contributions need one entry per output ("
                    + outputs.size() + ")");
        }
        for (double[] row : values) {
            if (row.length != features.size()) {
                throw new IllegalArgumentException("contributions need one value per feature (" + features.size()
                        + "), got " + row.length);
            }
        }
    }

    /**
     * The contributions to one output, by feature index.
     *
     * @throws IllegalArgumentException if there is no such output
     */
    public double[] of(String output) {
        return values[index(output)].clone();
    }

    /**
     * The output the contributions explain: the expected value plus every contribution.
     *
     * @throws IllegalArgumentException if there is no such output
     */
    public double total(String output) {
        int k = index(output);
        double total = expected[k];
        for (double v : values[k]) {
            total += v;
        }
        return total;
    }

    private int index(String output) {
        int k = outputs.indexOf(Objects.requireNonNull(output, "output"));
        if (k < 0) {
            throw new IllegalArgumentException("no output '" + output + "'; outputs are " + outputs);
        }
        return k;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contributions c && features.equals(c.features) && outputs.equals(c.outputs)
                && Arrays.equals(expected, c.expected) && Arrays.deepEquals(values, c.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(features, outputs, Arrays.hashCode(expected), Arrays.deepHashCode(values));
    }

    @Override
    public String toString() {
        return "Contributions" + outputs + " of " + features.size() + " features";
    }
}
