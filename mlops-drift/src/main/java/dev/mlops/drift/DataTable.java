package dev.mlops.drift;

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

    double[] numericView(String column) {
        return (double[]) columns.get(column);
    }

    String[] categoricalView(String column) {
        return (String[]) columns.get(column);
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

    @Override
    public String toString() {
        List<String> described = new ArrayList<>();
        columns.forEach((name, values) -> described.add(name + ":" + (values instanceof double[] ? "numeric" : "categorical")));
        return "DataTable" + described + " rows=" + rowCount;
    }
}
