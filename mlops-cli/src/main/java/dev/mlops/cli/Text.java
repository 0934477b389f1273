package dev.mlops.cli;

import dev.mlops.model.Metric;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.AuditVerification;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionPolicy;
import dev.mlops.training.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders results for people: short lines, aligned tables, sizes in binary units. Used by the
 * commands and by the demo, so that both show a result the same way.
 */
public final class Text {

    /** The help text of every REF parameter. */
    static final String REF_HELP =
            "NAME (the latest version), NAME:VERSION, NAME@ALIAS or NAME@production.";

    private Text() {
    }

    /** A version on one line: reference, stage, size, digest prefix and aliases. */
    public static String summary(ModelVersion v) {
        // names, stages, digests and aliases are validated: nothing in them needs escaping
        return v.ref() + " " + v.stage() + ", " + size(v.sizeBytes()) + ", sha256 "
                + v.sha256().substring(0, 12)
                + (v.aliases().isEmpty() ? "" : ", aliases " + String.join(" ", v.aliases()));
    }

    /** Every field of a version, one per line. */
    static String details(ModelVersion v) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("version", v.ref().toString()));
        rows.add(List.of("stage", v.stage().name()));
        rows.add(List.of("aliases", v.aliases().isEmpty() ? "-" : String.join(" ", v.aliases())));
        rows.add(List.of("created", v.createdAt() + " by " + v.createdBy()));
        rows.add(List.of("artifact", size(v.sizeBytes())
                + (v.format().isEmpty() ? "" : ", format " + v.format())));
        rows.add(List.of("sha256", v.sha256()));
        rows.add(List.of("signature", v.signature().isPresent()
                ? v.signature().algorithm() + ", key " + v.signature().keyId() : "none"));
        if (!v.description().isEmpty()) {
            rows.add(List.of("description", v.description()));
        }
        rows.add(List.of("metrics", pairs(v.metrics())));
        rows.add(List.of("params", pairs(v.params())));
        rows.add(List.of("tags", pairs(v.tags())));
        Lineage lineage = v.lineage();
        if (!lineage.equals(Lineage.NONE)) {
            rows.add(List.of("parent", orDash(lineage.parent())));
            rows.add(List.of("data sha256", orDash(lineage.dataFingerprint())));
            rows.add(List.of("provenance", lineage.provenance().isEmpty() ? "-"
                    : lineage.provenance().length() + " characters of JSON (see --format json)"));
        }
        return table(List.of(), rows);
    }

    /** What {@code mlops train} found: metrics, cross-validation and the registered version. */
    static String training(TrainingResult r) {
        StringBuilder out = new StringBuilder();
        out.append("Trained ").append(r.algorithm().id()).append(" on ").append(r.trainRows())
                .append(" rows of ").append(r.source()).append(" (").append(pairs(r.params()))
                .append(")\n");
        out.append("Held-out metrics (").append(r.testRows()).append(" rows): ");
        out.append(Arrays.stream(Metric.values())
                .filter(m -> !Double.isNaN(r.metrics().get(m)))
                .map(m -> m.jsonName() + "=" + String.format(Locale.ROOT, "%.4f", r.metrics().get(m)))
                .collect(Collectors.joining(" "))).append('\n');
        r.cv().ifPresent(cv -> out.append(cv.folds()).append("-fold cross-validation: ")
                .append(cv.summaries().entrySet().stream()
                        .filter(e -> !Double.isNaN(e.getValue().mean()))
                        .map(e -> String.format(Locale.ROOT, "%s=%.4f±%.4f", e.getKey().jsonName(),
                                e.getValue().mean(), e.getValue().std()))
                        .collect(Collectors.joining(" "))).append('\n'));
        r.dataReport().issues().forEach(issue -> out.append("Data: ").append(issue.message())
                .append('\n'));
        out.append(r.version().map(v -> "Registered " + summary(v)).orElse("Not registered"));
        return out.toString();
    }

    /** {@code k=v} pairs sorted by key, or {@code -} for none. */
    public static String pairs(Map<String, ?> values) {
        if (values.isEmpty()) {
            return "-";
        }
        return new TreeMap<>(values).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /** A byte count in B, KiB, MiB or GiB. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * Text safe to print on a terminal: control characters (line feed, tab, the ESC of an ANSI
     * sequence, ...) and the characters that reorder or hide text (bidirectional overrides,
     * zero-width characters, line separators) become visible escapes: a backslash followed by
     * {@code n}, {@code r} or {@code t}, or by {@code u} and four hex digits. A stored value can then
     * neither forge a line of output nor drive the terminal.
     */
    public static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                        || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : null;
            };
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Rows as columns padded to their widest cell, separated by two spaces, under an optional
     * header; every cell {@linkplain #printable made printable}. Lines carry no trailing blanks.
     */
    public static String table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        if (!header.isEmpty()) {
            all.add(header);
        }
        rows.forEach(row -> all.add(row.stream().map(Text::printable).toList()));
        int columns = all.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>(all.size());
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell).append(" ".repeat(widths[i] - cell.length() + 2));
            }
            lines.add(line.toString().stripTrailing());
        }
        return String.join("\n", lines);
    }

    /** Audit events as a table, oldest first. */
    public static String history(List<AuditEvent> events) {
        return table(List.of("SEQ", "TIME", "ACTOR", "ACTION", "VERSION", "CHANGE", "REASON",
                        "DETAIL"),
                events.stream().map(e -> List.of(Long.toString(e.seq()), e.time().toString(),
                        e.actor(), e.action().id(),
                        e.version() == 0 ? "-" : Integer.toString(e.version()),
                        e.from().isEmpty() && e.to().isEmpty() ? "-"
                                : orDash(e.from()) + " -> " + orDash(e.to()),
                        orDash(e.reason()), e.detail())).toList());
    }

    /** The verdict of an audit check in a sentence, then one line per problem. */
    public static String audit(AuditVerification check) {
        String counts = check.models() + (check.models() == 1 ? " model, " : " models, ")
                + check.events() + (check.events() == 1 ? " event" : " events");
        if (check.valid()) {
            return "Audit log intact: " + counts + " checked.";
        }
        return "Audit log BROKEN (" + counts + " checked):\n  "
                + String.join("\n  ", check.problems().stream().map(Text::printable).toList());
    }

    /** A policy in a sentence, e.g. {@code PRODUCTION needs 2 approvals; rollback needs nothing}. */
    public static String policy(PromotionPolicy policy) {
        return "PRODUCTION needs " + rule(policy.production()) + "; rollback needs " + rule(policy.rollback());
    }

    private static String rule(PromotionPolicy.Rule rule) {
        List<String> needs = new ArrayList<>();
        if (rule.approvals() > 0) {
            needs.add(rule.approvals() + (rule.approvals() == 1 ? " approval" : " approvals")
                    + (rule.approvers().isEmpty() ? "" : " from " + String.join(", ", rule.approvers())));
        }
        if (rule.requireValidation()) {
            needs.add("a passed validation report");
        }
        if (!rule.requiredChecks().isEmpty()) {
            needs.add("passed checks " + String.join(", ", rule.requiredChecks()));
        }
        return needs.isEmpty() ? "nothing" : String.join(", ", needs);
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}
