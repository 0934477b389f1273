package dev.mlops.cli;

import dev.mlops.MlopsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code mlops} command. Every failure ends here: one line on stderr starting
 * with {@code mlops: }, with control characters escaped and secrets masked, and the exit code
 * {@link ExitCodes#of} gives it; stack traces only with {@code --debug}. Under {@code --format json}
 * a failure also prints one JSON document on stdout, {@code {"error":{"exitCode","message"}}}, so
 * that a script reading stdout always gets a document. Arguments are taken as given: {@code @FILE}
 * is not expanded (picocli's default), so that {@code --reason @/etc/shadow} stores those
 * characters, not the file.
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
                .setParameterExceptionHandler((e, given) -> {
                    errorDocument(e.getCommandLine().getOut(), given, ExitCodes.USAGE, e.getMessage());
                    return usageError(e);
                })
                .setExecutionExceptionHandler((failure, command, parsed) ->
                        failed(failure, command.getOut(), command.getErr(), args, root.debug));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli passes errors through; this one is common enough to deserve its sentence
            return failed(e, out, err, args, root.debug);
        }
    }

    /**
     * Prints {@code {"error":{"exitCode","message"}}} on stdout when the arguments ask for JSON
     * ({@code --format json} or {@code --format=json}); they are read as given, because a usage
     * error may stop parsing before {@code --format} is reached.
     */
    private static void errorDocument(PrintWriter out, String[] args, int exitCode, String message) {
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            json |= args[i].equalsIgnoreCase("--format=json")
                    || args[i].equals("--format") && i + 1 < args.length && args[i + 1].equalsIgnoreCase("json");
        }
        if (json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("exitCode", exitCode);
            error.put("message", StoreOptions.masked(message));
            out.println(Json.write(Map.of("error", error)));
            out.flush();
        }
    }

    private static int usageError(ParameterException e) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("mlops: " + Text.printable(StoreOptions.masked(e.getMessage())));
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

    /** Whether a failure's message is written for people: the library's, the arguments', I/O's; the rest are bugs. */
    private static boolean expected(Throwable failure) {
        return failure instanceof MlopsException
                || failure instanceof IllegalArgumentException
                || failure instanceof IOException || failure instanceof UncheckedIOException;
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof OutOfMemoryError) {
            return "out of memory (" + message + "); give Java more heap, e.g. JAVA_TOOL_OPTIONS=-Xmx4g";
        }
        return expected(failure) && message != null ? message : "unexpected error: " + failure;
    }

    private static int failed(Throwable failure, PrintWriter out, PrintWriter err, String[] args, boolean debug) {
        int code = ExitCodes.of(failure);
        String message = message(failure);
        errorDocument(out, args, code, message);
        err.println("mlops: " + Text.printable(StoreOptions.masked(message)));
        if (debug) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            err.print(StoreOptions.masked(trace.toString()));
        } else if (!expected(failure)) {
            err.println("mlops: run again with --debug for the stack trace");
        }
        err.flush();
        return code;
    }
}
