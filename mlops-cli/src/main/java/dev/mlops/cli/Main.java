package dev.mlops.cli;

import dev.mlops.MlopsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code mlops} command. Every failure ends here: one line on stderr starting
 * with {@code mlops: }, with control characters escaped and secrets masked, and the exit code
 * {@link ExitCodes#of} gives it; stack traces only with {@code --debug}. Arguments are taken as
 * given: {@code @FILE} is not expanded (picocli's default), so that {@code --reason @/etc/shadow}
 * stores those characters, not the file.
 */
public final class Main {

    private Main() {
    }

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        // UTF-8 whatever the platform charset: JSON must be, and ids must print the same everywhere
        int code = run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
        System.exit(code);
    }

    /** Runs the command with the given output streams and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        MlopsCommand root = new MlopsCommand();
        CommandLine cli = new CommandLine(root)
                .setExpandAtFiles(false)
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(parsed -> {
                    StderrLogging.debug(root.debug);
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((failure, command, parsed) ->
                        failed(failure, command.getErr(), root.debug));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli passes errors through; this one is common enough to deserve its sentence
            return failed(e, err, root.debug);
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("mlops: " + e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("mlops: did you mean " + String.join(" or ", suggestions) + "?");
            }
        }
        err.println("mlops: see '" + command.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int failed(Throwable failure, PrintWriter err, boolean debug) {
        // the library's, the arguments' and I/O messages are written for people; the rest are bugs
        boolean expected = failure instanceof MlopsException
                || failure instanceof IllegalArgumentException
                || failure instanceof IOException || failure instanceof UncheckedIOException;
        String message = failure.getMessage();
        String line = failure instanceof OutOfMemoryError
                ? "out of memory (" + message + "); give Java more heap, e.g. JAVA_TOOL_OPTIONS=-Xmx4g"
                : expected && message != null ? message : "unexpected error: " + failure;
        err.println("mlops: " + Text.printable(StoreOptions.masked(line)));
        if (debug) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            err.print(StoreOptions.masked(trace.toString()));
        } else if (!expected) {
            err.println("mlops: run again with --debug for the stack trace");
        }
        err.flush();
        return ExitCodes.of(failure);
    }
}
