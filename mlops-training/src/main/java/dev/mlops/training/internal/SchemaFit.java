package dev.mlops.training.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.training.ModelSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Fits a {@link ModelSchema} to training rows: a numeric column's fill value is the mean of its
 * present values; a categorical column's levels are those present (the empty one for missing).
 * Columns with no value, or a single one, are left out, since they cannot inform the model.
 */
public final class SchemaFit {

    private SchemaFit() {
    }

    /**
     * The schema of the training rows.
     *
     * @param training the training rows of the candidate feature columns
     * @param source names the data in messages
     * @param standardize whether numeric features are to be standardized (recorded only when there are some)
     * @throws DataException if no column is usable
     */
    public static ModelSchema fit(DataTable training, String source, String labelColumn,
            List<String> labels, Optional<String> positiveClass, boolean standardize) {
        List<ModelSchema.Column> columns = new ArrayList<>();
        for (String name : training.columnNames()) {
            if (training.type(name).orElseThrow() == FeatureType.NUMERIC) {
                double[] values = training.numeric(name).orElseThrow();
                double sum = 0;
                int count = 0;
                double first = Double.NaN;
                boolean varies = false;
                for (double v : values) {
                    if (!Double.isNaN(v)) {
                        sum += v;
                        count++;
                        if (count == 1) {
                            first = v;
                        } else if (v != first) {
                            varies = true;
                        }
                    }
                }
                if (varies) {
                    double fill = sum / count;
                    columns.add(standardize ? standardized(name, values, fill)
                            : ModelSchema.Column.numeric(name, fill));
                }
            } else {
                TreeSet<String> levels = new TreeSet<>(training.categorical(name).orElseThrow());
                if (levels.size() > 1) {
                    columns.add(ModelSchema.Column.categorical(name, List.copyOf(levels)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new DataException(source, 0, null, "no usable feature column in the "
                    + training.rowCount() + " training rows: each is constant or empty");
        }
        boolean anyNumeric = columns.stream().anyMatch(c -> c.type() == FeatureType.NUMERIC);
        return new ModelSchema(labelColumn, labels, positiveClass, columns, standardize && anyNumeric);
    }

    /**
     * A numeric column standardized by the mean and sample standard deviation of its values as the
     * model sees them (missing ones filled in), computed as Tribuo's MeanStdDevTransformation did
     * when the Tribuo model standardized (Welford's running mean, in row order), so that models
     * come out the same to the last bit. One pass per column: the cost grows with the columns, where
     * Tribuo matched every feature name against every other as a regular expression.
     */
    private static ModelSchema.Column standardized(String name, double[] values, double fill) {
        long count = 0;
        double mean = 0;
        double sumSquares = 0;
        for (double v : values) {
            double x = Double.isNaN(v) ? fill : v;
            count++;
            double delta = x - mean;
            mean += delta / count;
            sumSquares += delta * (x - mean);
        }
        return ModelSchema.Column.numeric(name, fill, mean, Math.sqrt(sumSquares / (count - 1)));
    }
}
