package dev.mlops.routing;

import dev.mlops.InputException;
import java.util.Optional;

/**
 * An experiment file or an events file is malformed: a missing or mistyped field, a weight that
 * is not a non-negative number, an unknown variant, a ragged CSV row. The message names the
 * source, and the line and the field or column where they are known.
 */
public class RoutingInputException extends InputException {

    private final String field;

    /**
     * @param source  the file or source name
     * @param line    the 1-based line, or 0 when not known
     * @param field   the field path ({@code variants[1].weight}) or CSV column, or null
     * @param problem what is wrong
     * @param cause   the underlying error, or null
     */
    public RoutingInputException(String source, long line, String field, String problem, Throwable cause) {
        super(source, line, field == null ? null : "'" + field + "'", problem, cause);
        this.field = field;
    }

    /** Same as the five-argument constructor without a cause. */
    public RoutingInputException(String source, long line, String field, String problem) {
        this(source, line, field, problem, null);
    }

    /** The field path or CSV column of the problem, when known. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
