package dev.mlops.training.internal;

import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.training.ModelSchema;
import dev.mlops.training.TrainingException;
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
     * @param standardize whether numeric features are to be standardized (recorded only when there are some)
     * @throws TrainingException if no column is usable
     */
    public static ModelSchema fit(DataTable training, String labelColumn, List<String> labels,
            Optional<String> positiveClass, boolean standardize) {
        List<ModelSchema.Column> columns = new ArrayList<>();
        for (String name : training.columnNames()) {
            if (training.type(name).orElseThrow() == FeatureType.NUMERIC) {
                double sum = 0;
                int count = 0;
                double first = Double.NaN;
                boolean varies = false;
                for (double v : training.numeric(name).orElseThrow()) {
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
                    columns.add(ModelSchema.Column.numeric(name, sum / count));
                }
            } else {
                TreeSet<String> levels = new TreeSet<>(training.categorical(name).orElseThrow());
                if (levels.size() > 1) {
                    columns.add(ModelSchema.Column.categorical(name, List.copyOf(levels)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new TrainingException("no usable feature column in the training rows: each is constant or empty");
        }
        boolean anyNumeric = columns.stream().anyMatch(c -> c.type() == FeatureType.NUMERIC);
        return new ModelSchema(labelColumn, labels, positiveClass, columns, standardize && anyNumeric);
    }
}
