package dev.mlops.validation.internal;

import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.model.MetricSummary;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Copies of evaluation data with noise or holes in the model's feature columns. */
final class Perturbations {

    private Perturbations() {
    }

    /**
     * Adds Gaussian noise to every present cell of the model's numeric columns: N(0, (sigma·s)²)
     * where s is the column's population standard deviation over the present cells of this data.
     */
    static DataTable noise(DataTable table, Map<String, FeatureType> features, double sigma, SplittableRandom random) {
        DataTable.Builder builder = DataTable.builder();
        for (String name : table.columnNames()) {
            boolean numericFeature = features.get(name) == FeatureType.NUMERIC
                    && table.type(name).orElseThrow() == FeatureType.NUMERIC;
            if (numericFeature) {
                double[] values = table.numeric(name).orElseThrow();
                double scale = sigma * standardDeviation(values);
                for (int r = 0; r < values.length; r++) {
                    if (!Double.isNaN(values[r])) {
                        values[r] += scale * random.nextGaussian();
                    }
                }
                builder.numeric(name, values);
            } else {
                copy(table, name, builder);
            }
        }
        return builder.build();
    }

    /** Blanks each cell of the model's feature columns independently with probability {@code rate}. */
    static DataTable missing(DataTable table, Map<String, FeatureType> features, double rate, SplittableRandom random) {
        DataTable.Builder builder = DataTable.builder();
        for (String name : table.columnNames()) {
            if (!features.containsKey(name)) {
                copy(table, name, builder);
            } else if (table.type(name).orElseThrow() == FeatureType.NUMERIC) {
                double[] values = table.numeric(name).orElseThrow();
                for (int r = 0; r < values.length; r++) {
                    if (random.nextDouble() < rate) {
                        values[r] = Double.NaN;
                    }
                }
                builder.numeric(name, values);
            } else {
                String[] values = table.categorical(name).orElseThrow().toArray(String[]::new);
                for (int r = 0; r < values.length; r++) {
                    if (random.nextDouble() < rate) {
                        values[r] = "";
                    }
                }
                builder.categorical(name, values);
            }
        }
        return builder.build();
    }

    /** How many of the model's numeric columns are numeric in the data (the ones noise touches). */
    static long numericColumns(DataTable table, Map<String, FeatureType> features) {
        return features.entrySet().stream().filter(c -> c.getValue() == FeatureType.NUMERIC
                && table.type(c.getKey()).map(t -> t == FeatureType.NUMERIC).orElse(false)).count();
    }

    /** The population standard deviation of the present values, 0 when there are none. */
    private static double standardDeviation(double[] values) {
        MetricSummary summary = MetricSummary.of(values);
        return summary.folds() == 0 ? 0 : summary.std();
    }

    private static void copy(DataTable table, String name, DataTable.Builder builder) {
        if (table.type(name).orElseThrow() == FeatureType.NUMERIC) {
            builder.numeric(name, table.numeric(name).orElseThrow());
        } else {
            List<String> values = table.categorical(name).orElseThrow();
            builder.categorical(name, values);
        }
    }
}
