package dev.mlops;

import java.util.OptionalLong;

/**
 * Input given to the library cannot be used: a malformed CSV or JSON file, a missing column, a
 * cell that is not a number. The message names the source and, where known, the line and the
 * column or field, so that a person can go straight to the problem.
 */
public class InputException extends MlopsException {

    private final String source;
    private final long line;

    /**
     * A problem in {@code source}.
     *
     * @param source the file or source name
     * @param line the 1-based line, or 0 when unknown
     * @param location where in the line, as it should read in the message (e.g. {@code column 'age'}
     *     or {@code 'variants[0].weight'}), or null
     * @param problem what is wrong
     * @param cause the underlying exception, or null
     */
    public InputException(String source, long line, String location, String problem,
            Throwable cause) {
        super(describe(source, line, location, problem), cause);
        this.source = source;
        this.line = line;
    }

    private static String describe(String source, long line, String location, String problem) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(": line ").append(line);
        }
        if (location != null) {
            message.append(line > 0 ? ", " : ": ").append(location);
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
}
