package dev.mlops.training.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.Numbers;
import dev.mlops.training.ModelSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Turns rows into Tribuo examples as a {@link ModelSchema} says. Every example carries every
 * feature explicitly (one-hot zeros included), so that trees and standardization see the same
 * features at training and prediction time. Thread-safe.
 */
public final class Encoder {

    private final ModelSchema schema;
    private final String[] names;
    /** Per schema column: the feature index of a numeric column. */
    private final int[] numericIndex;
    /** Per schema column: feature index by level of a categorical column. */
    private final List<Map<String, Integer>> levelIndex;

    /** An encoder for the schema's features. */
    public Encoder(ModelSchema schema) {
        this.schema = schema;
        // sorted once here, so that Tribuo's examples need no sorting per row
        this.names = schema.featureNames().stream().sorted().toArray(String[]::new);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            position.put(names[i], i);
        }
        List<ModelSchema.Column> columns = schema.columns();
        numericIndex = new int[columns.size()];
        levelIndex = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            ModelSchema.Column column = columns.get(c);
            Map<String, Integer> levels = new HashMap<>();
            if (column.type() == FeatureType.NUMERIC) {
                numericIndex[c] = position.get(column.name());
            } else {
                numericIndex[c] = -1;
                for (String level : column.levels()) {
                    levels.put(level, position.get(column.name() + "=" + level));
                }
            }
            levelIndex.add(levels);
        }
    }

    /**
     * The schema's columns taken from a table, checked once for a whole batch.
     *
     * @throws DataException naming the missing columns, or a cell that is not a number where the
     *     model needs one
     */
    public Bound bind(DataTable table, String source) {
        List<String> missing = schema.columnNames().stream().filter(name -> table.type(name).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new DataException(source, 0, missing.get(0), "missing feature column" + (missing.size() > 1 ? "s " + missing : "")
                    + "; the model needs " + schema.columnNames());
        }
        List<ModelSchema.Column> columns = schema.columns();
        double[][] numbers = new double[columns.size()][];
        String[][] texts = new String[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            ModelSchema.Column column = columns.get(c);
            if (column.type() == FeatureType.NUMERIC) {
                numbers[c] = table.type(column.name()).orElseThrow() == FeatureType.NUMERIC
                        ? table.numeric(column.name()).orElseThrow()
                        : parseNumbers(table.categorical(column.name()).orElseThrow(), column.name(), source);
            } else {
                texts[c] = table.text(column.name()).toArray(String[]::new);
            }
        }
        return new Bound(source, table.rowCount(), numbers, texts);
    }

    /** A table's columns in the order of the schema; see {@link #bind}. */
    public static final class Bound {
        private final String source;
        private final int rows;
        private final double[][] numbers;
        private final String[][] texts;

        private Bound(String source, int rows, double[][] numbers, String[][] texts) {
            this.source = source;
            this.rows = rows;
            this.numbers = numbers;
            this.texts = texts;
        }

        /** The number of rows. */
        public int rows() {
            return rows;
        }
    }

    private static double[] parseNumbers(List<String> cells, String column, String source) {
        double[] values = new double[cells.size()];
        for (int r = 0; r < values.length; r++) {
            String cell = cells.get(r).strip();
            values[r] = cell.isEmpty() ? Double.NaN : parse(cell, column, source, r);
        }
        return values;
    }

    private static double parse(String cell, String column, String source, int row) {
        try {
            // the grammar every reader shares: a hex float or "NaN" is no number here either
            return Numbers.parse(cell);
        } catch (NumberFormatException e) {
            throw new DataException(source, 0, column, "row " + (row + 1) + ": " + e.getMessage(), e);
        }
    }

    /** The features of one row of a bound table, in the sorted order of the schema's feature names. */
    public double[] encode(Bound bound, int row) {
        double[] values = new double[names.length];
        List<ModelSchema.Column> columns = schema.columns();
        for (int c = 0; c < columns.size(); c++) {
            if (numericIndex[c] >= 0) {
                values[numericIndex[c]] = numeric(columns.get(c), bound.numbers[c][row], bound.source, row);
            } else {
                Integer index = levelIndex.get(c).get(bound.texts[c][row]);
                if (index != null) {
                    values[index] = 1;
                }
            }
        }
        return values;
    }

    /**
     * The features of a row given as a map from column to value: a {@link Number}, text (parsed for
     * numeric columns), or {@code null} for missing. Other keys are ignored.
     *
     * @throws DataException naming a column the row has no key for (see
     *     {@link DataException#absentFeature}) or a value that is not a number
     */
    public double[] encode(Map<String, ?> row) {
        double[] values = new double[names.length];
        List<ModelSchema.Column> columns = schema.columns();
        for (int c = 0; c < columns.size(); c++) {
            ModelSchema.Column column = columns.get(c);
            if (!row.containsKey(column.name())) {
                throw DataException.absentFeature(column.name(), schema.columnNames());
            }
            Object value = row.get(column.name());
            if (numericIndex[c] >= 0) {
                double x;
                if (value == null) {
                    x = Double.NaN;
                } else if (value instanceof Number number) {
                    x = number.doubleValue();
                } else {
                    String text = value.toString().strip();
                    x = text.isEmpty() ? Double.NaN : parse(text, column.name(), "row", 0);
                }
                values[numericIndex[c]] = numeric(column, x, "row", 0);
            } else {
                String level = value == null ? "" : value instanceof Number n ? DataTable.text(n.doubleValue()) : value.toString();
                Integer index = levelIndex.get(c).get(level);
                if (index != null) {
                    values[index] = 1;
                }
            }
        }
        return values;
    }

    private static double numeric(ModelSchema.Column column, double value, String source, int row) {
        double x = value;
        if (Double.isNaN(x)) {
            if (Double.isNaN(column.fill())) {
                throw new DataException(source, 0, column.name(), "row " + (row + 1)
                        + ": missing value, and the model has no value to fill in");
            }
            x = column.fill();
        }
        return column.scaled() ? (x - column.center()) / column.scale() : x;
    }

    /**
     * Where a feature is in the encoded rows.
     *
     * @throws IllegalArgumentException if the schema produces no such feature
     */
    public int position(String feature) {
        int i = Arrays.binarySearch(names, feature);
        if (i < 0) {
            throw new IllegalArgumentException("the schema produces no feature '" + feature + "'");
        }
        return i;
    }

    /** A Tribuo example of encoded features. */
    public Example<Label> example(Label label, double[] features) {
        return new ArrayExample<>(label, names, features);
    }

    @Override
    public String toString() {
        return "Encoder" + Arrays.toString(names);
    }
}
