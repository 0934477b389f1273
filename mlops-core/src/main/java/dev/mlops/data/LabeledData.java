package dev.mlops.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A table of feature columns plus one label column: the input of training and validation.
 * Immutable.
 *
 * <p>Labels are strings exactly as written in the data (a numeric label column of an in-memory
 * table becomes strings: integral values without a fraction, {@code 1} not {@code 1.0}); a missing
 * label is the empty string, and such rows are left out of training and evaluation.
 *
 * <p>The fingerprint identifies the data: for a CSV file it is the SHA-256 of the file's bytes
 * (what {@code sha256sum} prints); for in-memory data the SHA-256 of a canonical encoding of the
 * table (per column in order: name, type, then every value).
 */
public final class LabeledData {

    private final DataTable table;
    private final String labelColumn;
    private final List<String> labels;
    private final String source;
    private final String fingerprint;

    private LabeledData(DataTable table, String labelColumn, String source, String fingerprint) {
        this.table = table;
        this.labelColumn = labelColumn;
        this.source = source;
        this.fingerprint = fingerprint;
        if (table.type(labelColumn).isEmpty()) {
            throw new DataException(source, 0, labelColumn, "no such label column; columns are "
                    + table.columnNames());
        }
        this.labels = List.copyOf(table.text(labelColumn));
        if (table.columnNames().size() < 2) {
            throw new DataException(source, 0, null, "no column besides the label '" + labelColumn + "'");
        }
    }

    /**
     * Reads a CSV file (UTF-8, header row, RFC 4180, empty cell = missing). A column is numeric
     * when every non-missing cell is a number; the label column is always read as text.
     *
     * @throws dev.mlops.InputException if the file cannot be read or is malformed, or has no such
     *     label column
     */
    public static LabeledData fromCsv(Path file, String labelColumn) {
        return fromCsv(file, labelColumn, Set.of());
    }

    /**
     * Reads a CSV file, treating the {@code categorical} columns as categories even where their
     * cells are numbers (codes, zip codes).
     *
     * @throws dev.mlops.InputException if the file cannot be read or is malformed, a categorical
     *     column is not in the header, or there is no such label column
     */
    public static LabeledData fromCsv(Path file, String labelColumn, Set<String> categorical) {
        Objects.requireNonNull(labelColumn, "labelColumn");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file.toString(), 0, null, "cannot read: " + e.getMessage(), e);
        }
        DataTable table = CsvTables.read(bytes, file.toString(), categorical, Map.of(labelColumn, FeatureType.CATEGORICAL));
        return new LabeledData(table, labelColumn, file.toString(), Fingerprints.sha256(bytes));
    }

    /**
     * In-memory data: a table and the name of its label column (numeric or categorical).
     *
     * @param source names the data in messages and reports
     * @throws DataException if the table has no such column or no other column
     */
    public static LabeledData of(DataTable table, String labelColumn, String source) {
        Objects.requireNonNull(labelColumn, "labelColumn");
        Objects.requireNonNull(source, "source");
        return new LabeledData(table, labelColumn, source, Fingerprints.sha256(table));
    }

    /**
     * In-memory rows, each a map from column name to value: a {@link Number} (numeric), any other
     * object (its {@code toString()}, categorical), or {@code null}/absent (missing). A column is
     * numeric when all its present values are numbers. Columns are ordered as first seen.
     *
     * @throws DataException if there is no label column or no other column
     */
    public static LabeledData fromRows(List<? extends Map<String, ?>> rows, String labelColumn) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(row -> names.addAll(row.keySet()));
        DataTable.Builder builder = DataTable.builder();
        for (String name : names) {
            boolean numeric = rows.stream().map(row -> row.get(name))
                    .allMatch(v -> v == null || v instanceof Number);
            if (numeric && !name.equals(labelColumn)) {
                double[] values = new double[rows.size()];
                for (int r = 0; r < values.length; r++) {
                    Object v = rows.get(r).get(name);
                    values[r] = v == null ? Double.NaN : ((Number) v).doubleValue();
                }
                builder.numeric(name, values);
            } else {
                List<String> values = new ArrayList<>(rows.size());
                for (Map<String, ?> row : rows) {
                    Object v = row.get(name);
                    values.add(v == null ? "" : v instanceof Number n ? DataTable.text(n.doubleValue()) : v.toString());
                }
                builder.categorical(name, values);
            }
        }
        return of(builder.build(), labelColumn, "rows");
    }

    /** Every column, the label included. */
    public DataTable table() {
        return table;
    }

    /** The label column's name. */
    public String labelColumn() {
        return labelColumn;
    }

    /** The names of all columns but the label, in order. */
    public List<String> featureColumns() {
        List<String> names = new ArrayList<>(table.columnNames());
        names.remove(labelColumn);
        return names;
    }

    /** The label of each row, the empty string where it is missing. */
    public List<String> labels() {
        return labels;
    }

    /** The number of rows, those without a label included. */
    public int rowCount() {
        return table.rowCount();
    }

    /** What the data is called in messages: the file path, or the name given. */
    public String source() {
        return source;
    }

    /** The SHA-256 (lower-case hex) identifying the data, as described above. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Counts of each non-missing label, sorted by label. */
    public Map<String, Long> labelCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (String label : labels) {
            if (!label.isEmpty()) {
                counts.merge(label, 1L, Long::sum);
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public String toString() {
        return "LabeledData[" + source + ", " + rowCount() + " rows, label '" + labelColumn + "']";
    }
}
