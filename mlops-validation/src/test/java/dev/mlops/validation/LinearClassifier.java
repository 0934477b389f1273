package dev.mlops.validation;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.model.Classifier;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A binary logistic model with fixed weights on numeric columns: P(second label) =
 * 1 / (1 + e^−(bias + Σ wᵢxᵢ)), a missing value contributing nothing. Small enough to reason about in
 * tests, and a {@link Classifier} like any other.
 */
public final class LinearClassifier implements Classifier {

    private final List<String> labels;
    private final String positive;
    private final Map<String, Double> weights;
    private final double bias;

    /**
     * @param labels two labels, sorted; the probability computed is that of the second
     * @param positive the positive class
     * @param weights per numeric column, in order
     */
    public LinearClassifier(List<String> labels, String positive, Map<String, Double> weights, double bias) {
        this.labels = List.copyOf(labels);
        this.positive = positive;
        this.weights = new LinkedHashMap<>(weights);
        this.bias = bias;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public Optional<String> positiveClass() {
        return Optional.of(positive);
    }

    @Override
    public Map<String, FeatureType> featureColumns() {
        Map<String, FeatureType> columns = new LinkedHashMap<>();
        weights.keySet().forEach(c -> columns.put(c, FeatureType.NUMERIC));
        return columns;
    }

    @Override
    public Prediction predict(Map<String, ?> row) {
        double z = bias;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            Object value = row.get(w.getKey());
            if (value instanceof Number n) {
                z += w.getValue() * n.doubleValue();
            } else if (value != null) {
                throw new DataException("row", 0, w.getKey(), "not a number: '" + value + "'");
            }
        }
        return new Predictions(labels, Optional.of(positive), new double[][] {probabilities(z)}).get(0);
    }

    @Override
    public Predictions predict(DataTable table, String source) {
        double[] z = new double[table.rowCount()];
        java.util.Arrays.fill(z, bias);
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            double[] values = table.numeric(w.getKey()).orElseThrow(() -> new DataException(source, 0, w.getKey(),
                    "numeric column missing; columns are " + table.columnNames()));
            for (int r = 0; r < z.length; r++) {
                if (!Double.isNaN(values[r])) {
                    z[r] += w.getValue() * values[r];
                }
            }
        }
        double[][] p = new double[z.length][];
        for (int r = 0; r < z.length; r++) {
            p[r] = probabilities(z[r]);
        }
        return new Predictions(labels, Optional.of(positive), p);
    }

    private static double[] probabilities(double z) {
        double second = 1 / (1 + Math.exp(-z));
        return new double[] {1 - second, second};
    }
}
