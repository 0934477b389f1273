package dev.mlops.drift;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Input data is malformed: a CSV file with a bad header, a ragged row, broken quoting, a
 * non-numeric cell in a numeric column, or a column that the comparison needs but the data
 * lacks. The message names the source, and the line and column where they are known.
 */
public class DriftInputException extends DriftException {

    private final String source;
    private final long line;
    private final String column;

    /**
     * @param source  file or source name
     * @param line    1-based line, or 0 when unknown
     * @param column  column name, or null when unknown (it is exposed as an Optional)
     * @param problem what is wrong
     * @param cause   the underlying exception, or null
     */
    public DriftInputException(String source, long line, String column, String problem, Throwable cause) {
        super(describe(source, line, column, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** As {@link #DriftInputException(String, long, String, String, Throwable)} without a cause. */
    public DriftInputException(String source, long line, String column, String problem) {
        this(source, line, column, problem, null);
    }

    private static String describe(String source, long line, String column, String problem) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(": line ").append(line);
        }
        if (column != null) {
            message.append(line > 0 ? ", column '" : ": column '").append(column).append('\'');
        }
        return message.append(": ").append(problem).toString();
    }

    /** The file or source name the problem was found in. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, when known. */
    public OptionalLong line() {
        return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
    }

    /** The column of the problem, when known. */
    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
