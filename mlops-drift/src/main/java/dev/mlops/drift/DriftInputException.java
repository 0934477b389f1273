package dev.mlops.drift;

import dev.mlops.InputException;
import java.util.Optional;

/**
 * Input data is malformed: a CSV file with a bad header, a ragged row, broken quoting, a
 * non-numeric cell in a numeric column, or a column that the comparison needs but the data
 * lacks. The message names the source, and the line and column where they are known.
 */
public class DriftInputException extends InputException {

    private final String column;

    /**
     * @param source  file or source name
     * @param line    1-based line, or 0 when unknown
     * @param column  column name, or null when unknown (it is exposed as an Optional)
     * @param problem what is wrong
     * @param cause   the underlying exception, or null
     */
    public DriftInputException(String source, long line, String column, String problem, Throwable cause) {
        super(source, line, column == null ? null : "column '" + column + "'", problem, cause);
        this.column = column;
    }

    /** As {@link #DriftInputException(String, long, String, String, Throwable)} without a cause. */
    public DriftInputException(String source, long line, String column, String problem) {
        this(source, line, column, problem, null);
    }

    /** The column of the problem, when known. */
    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
