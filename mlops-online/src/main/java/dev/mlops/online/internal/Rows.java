package dev.mlops.online.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.Numbers;
import dev.mlops.online.OnlineSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns rows (maps or tables) into the arrays online models read: the numeric columns' values
 * ({@code NaN} when missing) and the categorical columns' text ({@code ""} when missing), in the
 * schema's order. Numbers in categorical columns become text as the trainer writes them: integral
 * values without a fraction ({@code 3}, not {@code 3.0}).
 */
public final class Rows {

    private Rows() {
    }

    /**
     * The numeric values of a row: a {@link Number}, text that parses as one, or {@code null}/empty
     * for missing.
     *
     * @throws DataException naming a column the row lacks or a value that is not a finite number
     */
    public static double[] numeric(OnlineSchema schema, Map<String, ?> row) {
        List<String> columns = schema.numeric();
        double[] values = new double[columns.size()];
        for (int j = 0; j < values.length; j++) {
            String column = columns.get(j);
            Object value = present(row, column, schema);
            if (value == null) {
                values[j] = Double.NaN;
            } else if (value instanceof Number number) {
                values[j] = finite(number.doubleValue(), column, "row", 0);
            } else {
                String text = value.toString().strip();
                values[j] = text.isEmpty() ? Double.NaN : parse(text, column, "row", 0);
            }
        }
        return values;
    }

    /**
     * The categorical values of a row as text; {@code null} is the missing level {@code ""}.
     *
     * @throws DataException naming a column the row lacks
     */
    public static String[] categorical(OnlineSchema schema, Map<String, ?> row) {
        List<String> columns = schema.categorical();
        String[] values = new String[columns.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = text(present(row, columns.get(c), schema));
        }
        return values;
    }

    /** A cell as categorical text: numbers as the trainer writes them, {@code null} as {@code ""}. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number number) {
            return format(number.doubleValue());
        }
        return value.toString();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static Object present(Map<String, ?> row, String column, OnlineSchema schema) {
        if (!row.containsKey(column)) {
            throw DataException.absentFeature(column, schema.columns());
        }
        return row.get(column);
    }

    /** A table's feature columns in schema order, checked once. */
    public static final class Bound {
        private final double[][] numeric;
        private final String[][] categorical;
        private final int rows;

        private Bound(double[][] numeric, String[][] categorical, int rows) {
            this.numeric = numeric;
            this.categorical = categorical;
            this.rows = rows;
        }

        /** The number of rows. */
        public int rows() {
            return rows;
        }

        /** Copies one row's numeric values into {@code into}. */
        public void numeric(int row, double[] into) {
            for (int j = 0; j < into.length; j++) {
                into[j] = numeric[j][row];
            }
        }

        /** Copies one row's categorical values into {@code into}. */
        public void categorical(int row, String[] into) {
            for (int c = 0; c < into.length; c++) {
                into[c] = categorical[c][row];
            }
        }
    }

    /**
     * Binds a table's feature columns.
     *
     * @param source names the data in errors
     * @throws DataException naming a missing column, or a numeric cell that is not a finite number
     */
    public static Bound bind(OnlineSchema schema, DataTable table, String source) {
        List<String> missing = new ArrayList<>();
        for (String column : schema.columns()) {
            if (table.type(column).isEmpty()) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new DataException(source, 0, missing.get(0), "missing feature column"
                    + (missing.size() > 1 ? "s " + missing : "") + "; the model needs " + schema.columns());
        }
        double[][] numeric = new double[schema.numeric().size()][];
        for (int j = 0; j < numeric.length; j++) {
            String column = schema.numeric().get(j);
            if (table.type(column).orElseThrow() == FeatureType.NUMERIC) {
                numeric[j] = table.numeric(column).orElseThrow();
                for (int r = 0; r < numeric[j].length; r++) {
                    finite(numeric[j][r], column, source, r);
                }
            } else {
                List<String> cells = table.categorical(column).orElseThrow();
                numeric[j] = new double[cells.size()];
                for (int r = 0; r < cells.size(); r++) {
                    String cell = cells.get(r).strip();
                    numeric[j][r] = cell.isEmpty() ? Double.NaN : parse(cell, column, source, r);
                }
            }
        }
        String[][] categorical = new String[schema.categorical().size()][];
        for (int c = 0; c < categorical.length; c++) {
            String column = schema.categorical().get(c);
            if (table.type(column).orElseThrow() == FeatureType.CATEGORICAL) {
                categorical[c] = table.categorical(column).orElseThrow().toArray(String[]::new);
            } else {
                double[] values = table.numeric(column).orElseThrow();
                categorical[c] = new String[values.length];
                for (int r = 0; r < values.length; r++) {
                    categorical[c][r] = format(values[r]);
                }
            }
        }
        return new Bound(numeric, categorical, table.rowCount());
    }

    private static double parse(String cell, String column, String source, int row) {
        try {
            // the grammar every reader shares: a hex float or "NaN" is no number here either
            return Numbers.parse(cell);
        } catch (NumberFormatException e) {
            throw new DataException(source, 0, column, "row " + (row + 1) + ": " + e.getMessage(), e);
        }
    }

    private static double finite(double value, String column, String source, int row) {
        if (Double.isInfinite(value)) {
            throw new DataException(source, 0, column, "row " + (row + 1) + ": not a finite number: " + value);
        }
        return value;
    }
}
