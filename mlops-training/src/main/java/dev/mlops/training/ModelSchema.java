package dev.mlops.training;

import dev.mlops.data.FeatureType;
import dev.mlops.model.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a trained model turns a row of data into Tribuo features, and what it predicts; stored
 * inside the model artifact, so prediction repeats exactly what training did.
 *
 * <ul>
 *   <li>A numeric column is one feature named like the column. A missing cell takes
 *       {@link Column#fill()}, the column's mean on the training rows (a model without imputation
 *       values refuses missing cells).</li>
 *   <li>A categorical column is one-hot encoded: one feature {@code column=level} per level seen in
 *       training, 1 for the row's level and 0 for the others. A missing cell is a level of its own,
 *       the empty one ({@code column=}); a level not seen in training sets none of them.</li>
 *   <li>With {@code standardized}, each numeric feature is scaled by its training mean and
 *       standard deviation: {@code (x - center) / scale}, with the values of its column. (Models
 *       written before the schema held them do this inside the Tribuo model, a
 *       {@code TransformedModel}; their columns have no center and scale.)</li>
 * </ul>
 *
 * @param labelColumn the column the model was trained to predict
 * @param labels the labels, sorted; probabilities follow this order
 * @param positiveClass the positive class when there are two labels, else empty
 * @param columns the feature columns, in data order
 * @param standardized whether numeric features are standardized inside the model
 */
public record ModelSchema(String labelColumn, List<String> labels, Optional<String> positiveClass,
        List<ModelSchema.Column> columns, boolean standardized) {

    public ModelSchema {
        Objects.requireNonNull(labelColumn, "labelColumn");
        labels = Labels.requireValid(labels, positiveClass);
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one feature column");
        }
        Set<String> features = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Column column : columns) {
            if (!names.add(column.name()) || column.name().equals(labelColumn)) {
                throw new IllegalArgumentException("column '" + column.name() + "' appears twice or is the label");
            }
            for (String feature : column.features()) {
                if (!features.add(feature)) {
                    throw new IllegalArgumentException("two columns produce the feature '" + feature
                            + "'; rename the column or the category");
                }
            }
        }
    }

    /**
     * One feature column.
     *
     * @param name the column name
     * @param type numeric or categorical
     * @param fill a numeric column's value for missing cells, {@code NaN} for none (missing cells
     *     are then refused); {@code NaN} for categorical columns
     * @param levels a categorical column's levels seen in training, sorted, the empty string being
     *     the missing level; empty for numeric columns
     * @param center what a numeric feature is standardized around (the training mean), {@code NaN}
     *     when the column is not standardized by the schema
     * @param scale what a numeric feature is divided by after centering (the training standard
     *     deviation), positive, or {@code NaN} when not standardized by the schema
     */
    public record Column(String name, FeatureType type, double fill, List<String> levels,
            double center, double scale) {

        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            levels = List.copyOf(levels);
            if (type == FeatureType.NUMERIC && !levels.isEmpty()) {
                throw new IllegalArgumentException("numeric column '" + name + "' cannot have levels");
            }
            if (type == FeatureType.CATEGORICAL && levels.isEmpty()) {
                throw new IllegalArgumentException("categorical column '" + name + "' needs at least one level");
            }
            if (Double.isInfinite(fill)) {
                throw new IllegalArgumentException("column '" + name + "' has an infinite fill value");
            }
            if (Double.isNaN(center) != Double.isNaN(scale) || Double.isInfinite(center)
                    || !(Double.isNaN(scale) || scale > 0 && Double.isFinite(scale))
                    || type == FeatureType.CATEGORICAL && !Double.isNaN(scale)) {
                throw new IllegalArgumentException("column '" + name + "' needs a finite center and a"
                        + " positive, finite scale, or neither (categorical columns: neither); got "
                        + center + " and " + scale);
            }
        }

        /** A numeric column whose missing cells become {@code fill} ({@code NaN}: refused). */
        public static Column numeric(String name, double fill) {
            return numeric(name, fill, Double.NaN, Double.NaN);
        }

        /**
         * A numeric column whose missing cells become {@code fill}, standardized to
         * {@code (x - center) / scale}.
         */
        public static Column numeric(String name, double fill, double center, double scale) {
            return new Column(name, FeatureType.NUMERIC, fill, List.of(), center, scale);
        }

        /** A categorical column with these levels. */
        public static Column categorical(String name, List<String> levels) {
            return new Column(name, FeatureType.CATEGORICAL, Double.NaN, levels.stream().sorted().toList(),
                    Double.NaN, Double.NaN);
        }

        /** Whether the schema standardizes this column's values. */
        public boolean scaled() {
            return !Double.isNaN(scale);
        }

        /** The names of the Tribuo features this column produces. */
        public List<String> features() {
            if (type == FeatureType.NUMERIC) {
                return List.of(name);
            }
            return levels.stream().map(level -> name + "=" + level).toList();
        }
    }

    /** The feature column names, in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Every Tribuo feature name, column by column. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.addAll(c.features()));
        return names;
    }

    /** The column of this name. */
    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
