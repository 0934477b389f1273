package dev.mlops.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable named columns of equal length, the input of profiling and drift checks. Numeric
 * columns hold finite doubles with {@code NaN} marking a missing value; categorical columns hold
 * strings with {@code null} or the empty string marking a missing value. Arrays passed in are
 * copied, arrays handed out are copies.
 */
public final class DataTable {

    private final Map<String, Object> columns;
    private final int rowCount;

    private DataTable(Map<String, Object> columns, int rowCount) {
        this.columns = columns;
        this.rowCount = rowCount;
    }

    /** A builder that adds columns in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The column names in order. */
    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** The number of rows (every column has this many values, missing ones included). */
    public int rowCount() {
        return rowCount;
    }

    /** The type of a column, if the table has it. */
    public Optional<FeatureType> type(String column) {
        Object values = columns.get(column);
        if (values == null) {
            return Optional.empty();
        }
        return Optional.of(values instanceof double[] ? FeatureType.NUMERIC : FeatureType.CATEGORICAL);
    }

    /** A copy of a numeric column's values ({@code NaN} = missing), if the table has it. */
    public Optional<double[]> numeric(String column) {
        return columns.get(column) instanceof double[] values ? Optional.of(values.clone()) : Optional.empty();
    }

    /**
     * A categorical column's values, missing ones as empty strings, if the table has it.
     */
    public Optional<List<String>> categorical(String column) {
        return columns.get(column) instanceof String[] values
            ? Optional.of(Collections.unmodifiableList(Arrays.asList(values.clone())))
            : Optional.empty();
    }

    /**
     * A table with only the named columns, in the given order.
     *
     * @throws IllegalArgumentException if a name is not a column of this table
     */
    public DataTable select(Collection<String> names) {
        Map<String, Object> selected = new LinkedHashMap<>();
        for (String name : names) {
            Object values = columns.get(name);
            if (values == null) {
                throw new IllegalArgumentException("no column '" + name + "'; columns are " + columns.keySet());
            }
            selected.put(name, values);
        }
        return new DataTable(Collections.unmodifiableMap(selected), rowCount);
    }

    /** Collects columns; every column must have the same length and a unique, non-blank name. */
    public static final class Builder {
        private final Map<String, Object> columns = new LinkedHashMap<>();
        private int rowCount = -1;

        private Builder() {
        }

        /**
         * Adds a numeric column.
         *
         * @throws IllegalArgumentException on a duplicate or blank name, a length that differs
         *                                  from earlier columns, or an infinite value
         */
        public Builder numeric(String name, double[] values) {
            double[] copy = values.clone();
            for (int i = 0; i < copy.length; i++) {
                if (Double.isInfinite(copy[i])) {
                    throw new IllegalArgumentException("column '" + name + "' row " + i + " is infinite");
                }
            }
            return add(name, copy, copy.length);
        }

        /**
         * Adds a categorical column; {@code null} and empty strings are missing values.
         *
         * @throws IllegalArgumentException on a duplicate or blank name or a length that differs
         *                                  from earlier columns
         */
        public Builder categorical(String name, String[] values) {
            String[] copy = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                copy[i] = values[i] == null ? "" : values[i];
            }
            return add(name, copy, copy.length);
        }

        /** Adds a categorical column from a list; see {@link #categorical(String, String[])}. */
        public Builder categorical(String name, List<String> values) {
            return categorical(name, values.toArray(new String[0]));
        }

        private Builder add(String name, Object values, int length) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("column name must not be blank");
            }
            if (columns.containsKey(name)) {
                throw new IllegalArgumentException("duplicate column '" + name + "'");
            }
            if (rowCount >= 0 && length != rowCount) {
                throw new IllegalArgumentException("column '" + name + "' has " + length
                    + " values, earlier columns have " + rowCount);
            }
            rowCount = length;
            columns.put(name, values);
            return this;
        }

        /** The table; a table without columns has zero rows. */
        public DataTable build() {
            return new DataTable(Collections.unmodifiableMap(new LinkedHashMap<>(columns)), Math.max(rowCount, 0));
        }
    }

    /**
     * One row as column → value, in column order: a {@link Double} for a numeric cell, a
     * {@link String} for a categorical one, {@code null} where the value is missing. The form
     * {@link dev.mlops.model.Classifier#predict(Map)} takes.
     *
     * @throws IndexOutOfBoundsException if the table has no such row
     */
    public Map<String, Object> row(int index) {
        java.util.Objects.checkIndex(index, rowCount);
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            if (column.getValue() instanceof double[] values) {
                row.put(column.getKey(), Double.isNaN(values[index]) ? null : values[index]);
            } else {
                String value = ((String[]) column.getValue())[index];
                row.put(column.getKey(), value.isEmpty() ? null : value);
            }
        }
        return Collections.unmodifiableMap(row);
    }

    /**
     * A table of the given rows, in the given order (repeats allowed), of every column.
     *
     * @throws IndexOutOfBoundsException if a row is not in the table
     */
    public DataTable rows(int[] rows) {
        Map<String, Object> picked = new LinkedHashMap<>();
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            if (column.getValue() instanceof double[] values) {
                double[] copy = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    copy[i] = values[rows[i]];
                }
                picked.put(column.getKey(), copy);
            } else {
                String[] values = (String[]) column.getValue();
                String[] copy = new String[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    copy[i] = values[rows[i]];
                }
                picked.put(column.getKey(), copy);
            }
        }
        return new DataTable(Collections.unmodifiableMap(picked), rows.length);
    }

    /**
     * A column's cells as text, missing ones as the empty string: categorical cells as they are,
     * numbers as {@link #text(double)} writes them.
     *
     * @throws IllegalArgumentException if the table has no such column
     */
    public List<String> text(String column) {
        Object values = columns.get(column);
        if (values == null) {
            throw new IllegalArgumentException("no column '" + column + "'; columns are " + columns.keySet());
        }
        if (values instanceof String[] text) {
            return Collections.unmodifiableList(Arrays.asList(text.clone()));
        }
        double[] numbers = (double[]) values;
        List<String> text = new ArrayList<>(numbers.length);
        for (double v : numbers) {
            text.add(text(v));
        }
        return Collections.unmodifiableList(text);
    }

    /**
     * The text of a number used as a category or label: integral values without a fraction
     * ({@code 3}, not {@code 3.0}), others as {@link Double#toString}; {@code NaN} (missing) is the
     * empty string.
     */
    public static String text(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    @Override
    public String toString() {
        List<String> described = new ArrayList<>();
        columns.forEach((name, values) -> described.add(name + ":" + (values instanceof double[] ? "numeric" : "categorical")));
        return "DataTable" + described + " rows=" + rowCount;
    }
}
