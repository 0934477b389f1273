package dev.mlops.drift.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Html;
import dev.mlops.core.Json;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.Histogram;
import dev.mlops.stats.TestResult;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** JSON, HTML and text renderings of a {@link DriftReport}. */
public final class ReportRendering {

    private static final String REFERENCE_COLOUR = "#4c78a8";
    private static final String CURRENT_COLOUR = "#f58518";

    private ReportRendering() {
    }

    /** The CLI contract's JSON document; an undefined number is {@code null}. */
    public static String json(DriftReport report) {
        ObjectNode root = Json.object();
        ArrayNode features = root.putArray("features");
        for (FeatureDrift f : report.features()) {
            ObjectNode feature = features.addObject();
            feature.put("name", f.name());
            feature.put("type", f.type().jsonName());
            feature.put("nReference", f.nReference());
            feature.put("nCurrent", f.nCurrent());
            feature.put("missingReference", f.missingReference());
            feature.put("missingCurrent", f.missingCurrent());
            ArrayNode tests = feature.putArray("tests");
            for (TestResult t : f.tests()) {
                ObjectNode test = tests.addObject();
                test.put("method", t.method().jsonName());
                Json.number(test, "statistic", t.statistic());
                Json.number(test, "pValue", t.pValue().orElse(Double.NaN));
            }
            feature.put("severity", f.severity().name());
            feature.put("drifted", f.drifted());
            feature.put("decisiveTest", f.decisiveTest().jsonName());
            Json.number(feature, "effectSize", f.effectSize().orElse(Double.NaN));
            Json.number(feature, "adjustedPValue", f.adjustedPValue().orElse(Double.NaN));
        }
        root.put("drifted", report.drifted());
        root.put("driftedShare", report.driftedShare());
        root.put("method", report.config().method().name().toLowerCase(Locale.ROOT));
        root.put("alpha", report.config().alpha());
        root.put("correction", report.config().correction().name().toLowerCase(Locale.ROOT));
        root.put("reference", report.reference());
        root.put("current", report.current());
        root.put("checkedAt", report.checkedAt().toString());
        return Json.write(root);
    }

    /** The data sets and the time, then a plain-text table, worst feature first. */
    public static String text(DriftReport report) {
        StringBuilder s = new StringBuilder();
        s.append(report.current()).append(" against ").append(report.reference()).append(", checked ")
            .append(report.checkedAt()).append('\n');
        int width = Math.max(7, report.features().stream().mapToInt(f -> f.name().length()).max().orElse(7));
        s.append(String.format(Locale.ROOT, "%-" + width + "s  %-11s  %-11s  %12s  %12s  %-8s  %s%n",
            "feature", "type", "test", "statistic", "p-value", "severity", "drifted"));
        for (FeatureDrift f : report.bySeverity()) {
            TestResult decisive = f.test(f.decisiveTest()).orElse(null);
            String statistic = decisive == null ? "-" : number(decisive.statistic());
            String p = decisive == null || decisive.pValue().isEmpty() ? "-" : number(decisive.pValue().getAsDouble());
            s.append(String.format(Locale.ROOT, "%-" + width + "s  %-11s  %-11s  %12s  %12s  %-8s  %s%n",
                f.name(), f.type().jsonName(), f.decisiveTest().jsonName(), statistic, p, f.severity().name(),
                f.drifted() ? "yes" : "no"));
        }
        s.append(String.format(Locale.ROOT, "%d of %d features drifted (%.1f%%); dataset %s%n",
            report.driftedFeatures().size(), report.features().size(), 100 * report.driftedShare(),
            report.drifted() ? "DRIFTED" : "not drifted"));
        return s.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static final String STYLE = """
        body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem;color:#222;\
        max-width:1100px}
        h1{margin-bottom:.2rem}section{border:1px solid #ddd;border-radius:6px;padding:1rem 1.2rem;margin:1.2rem 0}
        table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .7rem;border-bottom:1px solid #eee;\
        text-align:left}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.scroll{overflow-x:auto}
        .badge{display:inline-block;padding:.1rem .5rem;border-radius:4px;font-weight:600;font-size:.85rem}
        .NONE{background:#e8f5e9;color:#1b5e20}.LOW{background:#fff8e1;color:#8d6e00}\
        .MEDIUM{background:#ffe0b2;color:#8a4b00}.HIGH{background:#ffccbc;color:#9c2a00}\
        .CRITICAL{background:#b71c1c;color:#fff}
        .legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
        code{overflow-wrap:anywhere}svg{max-width:100%;height:auto}
        @media (max-width:40rem){body{margin:1rem .5rem}section{padding:.6rem}td,th{padding:.25rem .35rem}}
        """;

    /**
     * A self-contained HTML page with inline SVG histograms: what was compared with what and when,
     * the verdict, a table of the features worst first, then a section per feature in that order.
     */
    public static String html(DriftReport report) {
        StringBuilder s = new StringBuilder(16_384);
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>Drift of ").append(Html.escape(report.current())).append(" against ")
            .append(Html.escape(report.reference())).append("</title>\n<style>\n").append(STYLE)
            .append("</style>\n</head>\n<body>\n");
        summary(s, report);
        List<FeatureDrift> worstFirst = report.bySeverity();
        featureTable(s, worstFirst);
        for (int i = 0; i < worstFirst.size(); i++) {
            featureSection(s, i, worstFirst.get(i));
        }
        s.append("</body>\n</html>\n");
        return s.toString();
    }

    /** The two data sets with their rows, the time of the check, the verdict and the rules. */
    private static void summary(StringBuilder s, DriftReport report) {
        String currentRows = report.features().isEmpty() ? "" : " (" + report.features().get(0).nCurrent() + " rows)";
        String referenceRows = report.features().isEmpty() ? ""
            : " (" + report.features().get(0).nReference() + " rows)";
        String time = report.checkedAt().truncatedTo(ChronoUnit.SECONDS).toString()
            .replace('T', ' ').replace("Z", " UTC");
        s.append("<h1>Drift report</h1>\n<p id=\"compared\">Current data <code>").append(Html.escape(report.current()))
            .append("</code>").append(currentRows).append(" against reference <code>")
            .append(Html.escape(report.reference())).append("</code>").append(referenceRows).append(", checked ")
            .append("<time datetime=\"").append(report.checkedAt()).append("\">").append(time)
            .append("</time>.</p>\n<p>")
            .append(report.driftedFeatures().size()).append(" of ").append(report.features().size())
            .append(" features drifted (").append(String.format(Locale.ROOT, "%.1f%%", 100 * report.driftedShare()))
            .append("). Dataset: <strong>").append(report.drifted() ? "drifted" : "not drifted")
            .append("</strong>. Method ").append(Html.escape(report.config().method().name().toLowerCase(Locale.ROOT)))
            .append(", alpha ").append(report.config().alpha()).append(", correction ")
            .append(Html.escape(report.config().correction().name().toLowerCase(Locale.ROOT))).append(".</p>\n");
        s.append("<p class=\"legend\">Bars:<span style=\"background:").append(REFERENCE_COLOUR)
            .append("\"></span>reference<span style=\"background:").append(CURRENT_COLOUR)
            .append("\"></span>current</p>\n");
    }

    /** One row per feature, worst first, each linking to its section; the verdict next to the name. */
    private static void featureTable(StringBuilder s, List<FeatureDrift> worstFirst) {
        s.append("<div class=\"scroll\"><table id=\"features\">\n<tr><th>feature</th><th>severity</th>")
            .append("<th>drifted</th><th class=\"n\">effect size</th><th class=\"n\">adjusted p</th>")
            .append("<th>decisive test</th><th>type</th></tr>\n");
        for (int i = 0; i < worstFirst.size(); i++) {
            FeatureDrift f = worstFirst.get(i);
            s.append("<tr><td><a href=\"#").append(anchor(i, f.name())).append("\">").append(Html.escape(f.name()))
                .append("</a></td><td><span class=\"badge ").append(f.severity().name()).append("\">")
                .append(f.severity().name()).append("</span></td><td>").append(f.drifted() ? "yes" : "no")
                .append("</td><td class=\"n\">").append(optional(f.effectSize()))
                .append("</td><td class=\"n\">").append(optional(f.adjustedPValue()))
                .append("</td><td>").append(f.decisiveTest().jsonName()).append("</td><td>").append(f.type().jsonName())
                .append("</td></tr>\n");
        }
        s.append("</table></div>\n");
    }

    /** A feature's counts, histogram, tests and verdict. */
    private static void featureSection(StringBuilder s, int index, FeatureDrift f) {
        s.append("<section id=\"").append(anchor(index, f.name())).append("\">\n<h2>").append(Html.escape(f.name()))
            .append(" <span class=\"badge ").append(f.severity().name()).append("\">").append(f.severity().name())
            .append("</span></h2>\n<p>").append(f.type().jsonName()).append("; reference ").append(f.nReference())
            .append(" rows (").append(f.missingReference()).append(" missing), current ").append(f.nCurrent())
            .append(" rows (").append(f.missingCurrent()).append(" missing). ")
            .append(f.drifted() ? "<strong>Drifted.</strong>" : "No drift.").append("</p>\n");
        appendHistogram(s, f.histogram());
        s.append("<div class=\"scroll\"><table>\n<tr><th>test</th><th class=\"n\">statistic</th>")
            .append("<th class=\"n\">p-value</th></tr>\n");
        for (TestResult t : f.tests()) {
            s.append("<tr><td>").append(t.method().jsonName())
                .append(t.method() == f.decisiveTest() ? " (decisive)" : "")
                .append("</td><td class=\"n\">").append(number(t.statistic())).append("</td><td class=\"n\">")
                .append(t.pValue().isPresent() ? number(t.pValue().getAsDouble()) : "–").append("</td></tr>\n");
        }
        s.append("</table></div>\n<p>");
        if (f.adjustedPValue().isPresent()) {
            s.append("Adjusted p-value of the decisive test: ").append(number(f.adjustedPValue().getAsDouble()))
                .append(". ");
        }
        s.append("Effect size: ").append(optional(f.effectSize())).append(".</p>\n</section>\n");
    }

    /** A number that may be absent, "–" then. */
    private static String optional(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "–";
    }

    private static void appendHistogram(StringBuilder s, Histogram h) {
        int bins = h.labels().size();
        if (bins == 0) {
            s.append("<p>No values to draw on one side.</p>\n");
            return;
        }
        double max = 0;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, Math.max(h.reference().get(i), h.current().get(i)));
        }
        int width = 720;
        int height = 200;
        int left = 44;
        int bottom = 26;
        int plotHeight = height - bottom - 10;
        double slot = (double) (width - left - 10) / bins;
        double bar = Math.max(1, slot * 0.4);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"reference and current histograms\">\n");
        s.append("<line x1=\"").append(left).append("\" y1=\"").append(10 + plotHeight).append("\" x2=\"").append(width - 10)
            .append("\" y2=\"").append(10 + plotHeight).append("\" stroke=\"#999\"/>\n");
        s.append("<text x=\"").append(left - 4).append("\" y=\"16\" font-size=\"11\" text-anchor=\"end\">")
            .append(String.format(Locale.ROOT, "%.0f%%", 100 * max)).append("</text>\n");
        s.append("<text x=\"").append(left - 4).append("\" y=\"").append(10 + plotHeight).append("\" font-size=\"11\" text-anchor=\"end\">0</text>\n");
        for (int i = 0; i < bins; i++) {
            double x = left + i * slot + slot * 0.1;
            appendBar(s, x, bar, h.reference().get(i), max, plotHeight, REFERENCE_COLOUR, h.labels().get(i), "reference");
            appendBar(s, x + bar, bar, h.current().get(i), max, plotHeight, CURRENT_COLOUR, h.labels().get(i), "current");
            if (bins <= 12 || i % Math.max(1, bins / 6) == 0) {
                String label = h.labels().get(i);
                if (label.length() > 14) {
                    label = label.substring(0, 13) + "…";
                }
                s.append("<text x=\"").append(fmt(x + bar)).append("\" y=\"").append(height - 8)
                    .append("\" font-size=\"10\" text-anchor=\"middle\">").append(Html.escape(label)).append("</text>\n");
            }
        }
        s.append("</svg>\n");
    }

    private static void appendBar(StringBuilder s, double x, double width, double value, double max, int plotHeight,
                                  String colour, String label, String side) {
        double barHeight = max == 0 ? 0 : value / max * plotHeight;
        s.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(10 + plotHeight - barHeight))
            .append("\" width=\"").append(fmt(width)).append("\" height=\"").append(fmt(barHeight))
            .append("\" fill=\"").append(colour).append("\"><title>").append(Html.escape(label)).append(": ").append(side)
            .append(' ').append(String.format(Locale.ROOT, "%.2f%%", 100 * value)).append("</title></rect>\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A unique id per feature: its position keeps names that sanitize alike apart. */
    private static String anchor(int index, String name) {
        StringBuilder a = new StringBuilder("f").append(index).append('-');
        for (char c : name.toCharArray()) {
            a.append(Character.isLetterOrDigit(c) ? c : '_');
        }
        return Html.escape(a.toString());
    }
}
