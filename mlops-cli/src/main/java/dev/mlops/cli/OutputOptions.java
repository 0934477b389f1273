package dev.mlops.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --format} option, and the printing of a command's result in that format. */
final class OutputOptions {

    /** How results are printed. */
    enum Format {
        TEXT, JSON
    }

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text for people (default), or json: exactly one JSON document on stdout.")
    private Format format;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    /**
     * Prints a result: in JSON, {@code json} as one document; in text, what {@code text} renders
     * (computed only then).
     */
    void print(Object json, Supplier<String> text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(format == Format.JSON ? Json.write(json) : text.get());
        out.flush();
    }
}
