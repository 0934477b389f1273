package dev.mlops.validation.internal;

import dev.mlops.model.ConfusionMatrix;
import dev.mlops.validation.Check;
import dev.mlops.validation.SkippedCheck;
import dev.mlops.validation.ValidationReport;
import java.util.List;

/** The plain-text form of a {@link ValidationReport}, for terminals and logs. */
public final class ReportText {

    private ReportText() {
    }

    /** See {@link ValidationReport#toText()}. */
    public static String write(ValidationReport report) {
        StringBuilder text = new StringBuilder(report.model()).append(report.passed() ? ": passed" : ": FAILED")
                .append(" (").append(report.checks().size()).append(" checks");
        if (!report.skipped().isEmpty()) {
            text.append(", ").append(report.skipped().size()).append(" skipped");
        }
        text.append(", ").append(report.rows()).append(" rows of ").append(report.source());
        report.champion().ifPresent(c -> text.append("; champion ").append(c));
        text.append(")\n");
        for (Check check : report.checks()) {
            text.append(check.passed() ? "  PASS  " : "  FAIL  ").append(check.name()).append(": ")
                    .append(check.detail()).append('\n');
        }
        for (SkippedCheck skipped : report.skipped()) {
            text.append("  SKIP  ").append(skipped.name()).append(": ").append(skipped.reason()).append('\n');
        }
        confusion(text, report.confusionMatrix());
        report.importance().ifPresent(importance -> text.append(ImportanceJson.text(importance)));
        return text.toString();
    }

    /** The matrix as an aligned table, actual labels down (left-aligned), predicted across, counts right-aligned. */
    private static void confusion(StringBuilder text, ConfusionMatrix matrix) {
        List<String> labels = matrix.labels();
        int width = "actual".length();
        for (String label : labels) {
            width = Math.max(width, label.length());
        }
        for (List<Long> row : matrix.counts()) {
            for (long count : row) {
                width = Math.max(width, Long.toString(count).length());
            }
        }
        text.append("Confusion matrix (rows: actual, columns: predicted):\n  ").append(" ".repeat(width));
        for (String label : labels) {
            text.append("  ").append(pad(label, width));
        }
        text.append('\n');
        for (int a = 0; a < labels.size(); a++) {
            text.append("  ").append(labels.get(a)).append(" ".repeat(width - labels.get(a).length()));
            for (long count : matrix.counts().get(a)) {
                text.append("  ").append(pad(Long.toString(count), width));
            }
            text.append('\n');
        }
    }

    private static String pad(String value, int width) {
        return " ".repeat(Math.max(0, width - value.length())) + value;
    }
}
