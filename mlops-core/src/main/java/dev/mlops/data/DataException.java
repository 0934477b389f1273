package dev.mlops.data;

import dev.mlops.InputException;
import java.util.Collection;
import java.util.Optional;

/**
 * Input data cannot be used as given: a malformed CSV file, a missing label or feature column, a
 * cell that is not a number where the model needs one, a label the model does not know. The
 * message names the source and, where known, the line (1-based, the header is line 1) and column.
 */
public class DataException extends InputException {

    private final String column;

    /**
     * A problem in {@code source}.
     *
     * @param line the 1-based line, or 0 when unknown
     * @param column the column, or {@code null} when the problem is not in one column
     */
    public DataException(String source, long line, String column, String problem, Throwable cause) {
        super(source, line, column == null ? null : "column '" + column + "'", problem, cause);
        this.column = column;
    }

    /** A problem in {@code source} without a cause; see the other constructor. */
    public DataException(String source, long line, String column, String problem) {
        this(source, line, column, problem, null);
    }

    /**
     * A row given as a map to {@link dev.mlops.model.Classifier#predict(java.util.Map)} has no key
     * for a feature column. An absent key is refused rather than taken as a missing value, so that a
     * misspelt or renamed column cannot pass unnoticed; the message says how to pass a missing value.
     *
     * @param column the feature column without a key
     * @param featureColumns every column the classifier reads
     */
    public static DataException absentFeature(String column, Collection<String> featureColumns) {
        return new DataException("row", 0, column, "no value for this feature column (the model reads "
                + featureColumns + "); to pass a missing value, map the column to null (in a HashMap: Map.of refuses"
                + " nulls)");
    }

    /** The column of the problem, when known. */
    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
