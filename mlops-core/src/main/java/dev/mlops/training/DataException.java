package dev.mlops.training;

import dev.mlops.MlopsException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Input data cannot be used as given: a malformed CSV file, a missing label or feature column, a
 * cell that is not a number where the model needs one, a label the model does not know. The
 * message names the source and, where known, the line (1-based, the header is line 1) and column.
 */
public class DataException extends MlopsException {

    private final String source;
    private final long line;
    private final String column;

    /**
     * A problem in {@code source}.
     *
     * @param line the 1-based line, or 0 when unknown
     * @param column the column, or {@code null} when the problem is not in one column
     */
    public DataException(String source, long line, String column, String problem, Throwable cause) {
        super(describe(source, line, column, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** A problem in {@code source} without a cause; see the other constructor. */
    public DataException(String source, long line, String column, String problem) {
        this(source, line, column, problem, null);
    }

    static String describe(String source, long line, String column, String problem) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(": line ").append(line);
        }
        if (column != null) {
            message.append(line > 0 ? ", column '" : ": column '").append(column).append('\'');
        }
        return message.append(": ").append(problem).toString();
    }

    /** The file or data set the problem was found in. */
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
