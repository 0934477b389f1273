package dev.mlops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code text|json|html} reports of {@code drift} and {@code validate}: printed, or written to
 * {@code --out} with a one-line summary on stdout (none for JSON, whose stdout stays one document
 * or nothing).
 */
final class ReportOutput {

    /** How a report is printed. */
    enum Format {
        TEXT, JSON, HTML
    }

    private ReportOutput() {
    }

    /**
     * Emits a rendered report.
     *
     * @param out the {@code --out} file, or null for stdout
     * @param summary what to say on stdout when the report went to a file
     */
    static void emit(PrintWriter stdout, Format format, String rendered, Path out, String summary) {
        if (out == null) {
            stdout.println(rendered);
        } else {
            try {
                Files.writeString(out, rendered, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("--out " + out + ": cannot write: " + e.getMessage(), e);
            }
            if (format != Format.JSON) {
                stdout.println("Wrote the " + format.name().toLowerCase(Locale.ROOT) + " report to "
                        + out + ": " + summary);
            }
        }
        stdout.flush();
    }
}
