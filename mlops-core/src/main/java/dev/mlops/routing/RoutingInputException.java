package dev.mlops.routing;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An experiment file or an events file is malformed: a missing or mistyped field, a weight that
 * is not a non-negative number, an unknown variant, a ragged CSV row. The message names the
 * source, and the line and the field or column where they are known.
 */
public class RoutingInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String field;

    /**
     * @param source  the file or source name
     * @param line    the 1-based line, or 0 when not known
     * @param field   the field path ({@code variants[1].weight}) or CSV column, or null
     * @param problem what is wrong
     * @param cause   the underlying error, or null
     */
    public RoutingInputException(String source, long line, String field, String problem, Throwable cause) {
        super(describe(source, line, field, problem), cause);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    /** Same as the five-argument constructor without a cause. */
    public RoutingInputException(String source, long line, String field, String problem) {
        this(source, line, field, problem, null);
    }

    private static String describe(String source, long line, String field, String problem) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(": line ").append(line);
        }
        if (field != null) {
            message.append(line > 0 ? ", " : ": ").append('\'').append(field).append('\'');
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

    /** The field path or CSV column of the problem, when known. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
