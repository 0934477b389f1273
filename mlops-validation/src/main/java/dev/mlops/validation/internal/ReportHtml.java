package dev.mlops.validation.internal;

import dev.mlops.core.Html;
import dev.mlops.model.ConfusionMatrix;
import dev.mlops.model.RocCurve;
import dev.mlops.validation.Check;
import dev.mlops.validation.GroupFairness;
import dev.mlops.validation.PermutationImportance;
import dev.mlops.validation.SkippedCheck;
import dev.mlops.validation.ValidationReport;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A self-contained HTML page of a {@link ValidationReport}: inline CSS and SVG, no scripts, no
 * external resources. Each part of the page is a method of its own, in page order.
 */
public final class ReportHtml {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem auto;\
            max-width:72rem;padding:0 1rem;color:#1f2328;line-height:1.45}
            h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem}
            .verdict{display:inline-block;padding:.35rem .8rem;border-radius:.4rem;font-weight:600;color:#fff}
            .passed{background:#1a7f37}.failed{background:#cf222e}
            table{border-collapse:collapse;width:100%;margin-top:.5rem}
            th,td{border-bottom:1px solid #d0d7de;padding:.4rem .6rem;text-align:left;vertical-align:top}
            th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            tr.fail td{background:#ffebe9}tr.skip td{color:#59636e;background:#f6f8fa}
            .pass-cell{color:#1a7f37;font-weight:600}.fail-cell{color:#cf222e;font-weight:600}\
            .skip-cell{font-weight:600}
            .meta{color:#59636e}code{font-size:.9em}
            .charts{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}\
            .charts figure{margin:0;flex:1 1 24rem;min-width:0}
            figure{margin:0}figcaption{color:#59636e;font-size:.9rem;margin-top:.3rem}
            svg.chart{max-width:100%;height:auto;font-family:inherit}
            table.confusion{width:auto}\
            table.confusion td{text-align:center;min-width:6rem;font-variant-numeric:tabular-nums}
            table.confusion th.actual{text-align:right}table.confusion small{display:block;color:#59636e}
            .legend{font-size:.9rem;margin:.3rem 0}.swatch{display:inline-block;width:.9rem;height:.9rem;\
            margin:0 .35rem 0 .8rem;vertical-align:-.1rem;border-radius:2px}.legend .swatch:first-child{margin-left:0}
            .scroll{overflow-x:auto}th.num{text-align:right}.meta code{overflow-wrap:anywhere}\
            #metrics{width:auto;min-width:24rem}
            @media (max-width:40rem){body{margin:1rem auto;padding:0 .5rem}th,td{padding:.3rem .35rem}\
            .charts figure{flex-basis:100%}table.confusion td{min-width:4rem}\
            #checks tr:first-child{display:none}#checks tr{display:grid;grid-template-columns:1fr auto auto auto;\
            border-bottom:1px solid #d0d7de}#checks td{border:none}\
            #checks td:last-child{grid-column:1/-1;padding-top:0}\
            #checks code{overflow-wrap:anywhere}}
            """;

    private ReportHtml() {
    }

    /** See {@link ValidationReport#toHtml()}. */
    public static String write(ValidationReport report) {
        StringBuilder html = head("Validation of " + report.model());
        summary(html, report);
        checks(html, report);
        html.append("<div class=\"charts\">\n");
        if (!report.confusionMatrix().labels().isEmpty()) {   // reports stored before they held one have none
            confusionMatrix(html, report.confusionMatrix(), report.positiveClass());
        }
        report.roc().ifPresent(roc -> rocCurve(html, report, roc));
        html.append("</div>\n");
        fairness(html, report.fairness());
        report.importance().ifPresent(importance -> importance(html, importance));
        metrics(html, report);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** The start of a page: its head with the style, and the body's opening tag. */
    private static StringBuilder head(String title) {
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n")
                .append(STYLE).append("</style>\n</head>\n<body>\n");
        return html;
    }

    /** See {@link PermutationImportance#toHtml(String)}. */
    public static String write(PermutationImportance importance, String model) {
        StringBuilder html = head("Feature importance of " + model);
        html.append("<h1>Feature importance of <code>").append(Html.escape(model)).append("</code></h1>\n");
        importance(html, importance);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** The verdict, the counts of checks, and what was validated on which data, against what. */
    private static void summary(StringBuilder html, ValidationReport report) {
        html.append("<h1>Validation of <code>").append(Html.escape(report.model())).append("</code></h1>\n");
        html.append("<p><span id=\"verdict\" class=\"verdict ")
                .append(report.passed() ? "passed\">PASSED" : "failed\">FAILED")
                .append("</span> ").append(report.checks().size() - report.failures().size()).append(" of ")
                .append(report.checks().size()).append(" checks passed");
        if (!report.skipped().isEmpty()) {
            html.append(", ").append(report.skipped().size()).append(" skipped");
        }
        html.append("</p>\n<p class=\"meta\">").append(report.rows()).append(" labeled rows of <code>")
                .append(Html.escape(report.source())).append("</code> (SHA-256 <code>")
                .append(Html.escape(report.dataFingerprint())).append("</code>)");
        if (report.champion().isPresent()) {
            html.append("; champion <code>").append(Html.escape(report.champion().get())).append("</code>");
        } else if (!report.skipped().isEmpty()) {
            html.append("; ").append(Html.escape(report.skipped().get(0).reason()));
        }
        report.positiveClass().ifPresent(p -> html.append("; positive class <code>").append(Html.escape(p)).append("</code>"));
        html.append("; made <time datetime=\"").append(report.createdAt()).append("\">")
                .append(report.createdAt().truncatedTo(ChronoUnit.SECONDS).toString()
                        .replace('T', ' ').replace("Z", " UTC"))
                .append("</time></p>\n");
    }

    /** Every check with its verdict, value, threshold and reason; the skipped ones with theirs. */
    private static void checks(StringBuilder html, ValidationReport report) {
        html.append("<h2>Checks</h2>\n<div class=\"scroll\"><table id=\"checks\">\n<tr><th>check</th><th>result</th>")
                .append("<th class=\"num\">value</th><th class=\"num\">threshold</th><th>why</th></tr>\n");
        for (Check check : report.checks()) {
            html.append("<tr").append(check.passed() ? "" : " class=\"fail\"").append("><td><code>")
                    .append(Html.escape(check.name())).append("</code></td><td class=\"")
                    .append(check.passed() ? "pass-cell\">pass" : "fail-cell\">FAIL").append("</td><td class=\"num\">")
                    .append(number(check.value())).append("</td><td class=\"num\">").append(number(check.threshold()))
                    .append("</td><td>").append(Html.escape(check.detail())).append("</td></tr>\n");
        }
        for (SkippedCheck skipped : report.skipped()) {
            html.append("<tr class=\"skip\"><td><code>").append(Html.escape(skipped.name()))
                    .append("</code></td><td class=\"skip-cell\">skipped</td>")
                    .append("<td class=\"num\">–</td><td class=\"num\">–</td>")
                    .append("<td>").append(Html.escape(skipped.reason())).append("</td></tr>\n");
        }
        html.append("</table></div>\n");
    }

    /**
     * Counts by actual (rows) and predicted (columns) label, each cell shaded by its share of the row:
     * green on the diagonal (right), red off it (wrong).
     */
    private static void confusionMatrix(StringBuilder html, ConfusionMatrix matrix, Optional<String> positive) {
        List<String> labels = matrix.labels();
        html.append("<figure>\n<h2>Confusion matrix</h2>\n")
                .append("<div class=\"scroll\"><table id=\"confusion-matrix\" class=\"confusion\">\n")
                .append("<tr><th>actual ↓ predicted →</th>");
        for (String label : labels) {
            html.append("<th>").append(Html.escape(label)).append("</th>");
        }
        html.append("<th>rows</th></tr>\n");
        for (int a = 0; a < labels.size(); a++) {
            List<Long> row = matrix.counts().get(a);
            long total = row.stream().mapToLong(Long::longValue).sum();
            html.append("<tr><th class=\"actual\">").append(Html.escape(labels.get(a))).append("</th>");
            for (int p = 0; p < labels.size(); p++) {
                long count = row.get(p);
                double share = total == 0 ? 0 : (double) count / total;
                String rgb = a == p ? "26,127,55" : "207,34,46";
                html.append("<td data-count=\"").append(count).append("\" style=\"background:rgba(").append(rgb)
                        .append(',').append(Svg.num(0.08 + 0.5 * share)).append(")\"><strong>").append(count)
                        .append("</strong><small>")
                        .append(Math.round(100 * share)).append("% of row</small></td>");
            }
            html.append("<td class=\"num\">").append(total).append("</td></tr>\n");
        }
        html.append("</table></div>\n<figcaption>Rows: actual label; columns: predicted label")
                .append(positive.map(p -> "; positive class <code>" + Html.escape(p) + "</code>").orElse(""))
                .append(".</figcaption>\n</figure>\n");
    }

    /**
     * The model's ROC curve, the champion's over it when there is one, the diagonal of guessing,
     * and the model's operating point (the rates of its predicted labels).
     */
    private static void rocCurve(StringBuilder html, ValidationReport report, RocCurve roc) {
        int left = 52;
        int top = 12;
        int size = 320;
        html.append("<figure>\n<h2>ROC curve</h2>\n<svg id=\"roc\" class=\"chart\"")
                .append(" viewBox=\"0 0 392 372\" width=\"392\" height=\"372\" role=\"img\" aria-label=\"ROC curve of ")
                .append(Html.escape(report.model())).append("\">\n");
        for (int t = 0; t <= 5; t++) {
            double x = left + size * t / 5.0;
            double y = top + size - size * t / 5.0;
            html.append("<line x1=\"").append(Svg.num(x)).append("\" y1=\"").append(top).append("\" x2=\"")
                    .append(Svg.num(x)).append("\" y2=\"").append(top + size).append("\" stroke=\"#eaeef2\"/>\n")
                    .append("<line x1=\"").append(left).append("\" y1=\"").append(Svg.num(y)).append("\" x2=\"")
                    .append(left + size).append("\" y2=\"").append(Svg.num(y)).append("\" stroke=\"#eaeef2\"/>\n")
                    .append("<text x=\"").append(Svg.num(x)).append("\" y=\"").append(top + size + 16)
                    .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#59636e\">").append(Svg.tick(t / 5.0))
                    .append("</text>\n<text x=\"").append(left - 6).append("\" y=\"").append(Svg.num(y + 4))
                    .append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#59636e\">").append(Svg.tick(t / 5.0))
                    .append("</text>\n");
        }
        html.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"").append(size)
                .append("\" height=\"").append(size).append("\" fill=\"none\" stroke=\"#59636e\"/>\n")
                .append("<text x=\"").append(left + size / 2).append("\" y=\"").append(top + size + 34)
                .append("\" font-size=\"12\" text-anchor=\"middle\">false positive rate</text>\n")
                .append("<text transform=\"translate(14 ").append(top + size / 2)
                .append(") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">true positive rate</text>\n")
                .append("<line class=\"roc-chance\" x1=\"").append(left).append("\" y1=\"").append(top + size)
                .append("\" x2=\"").append(left + size).append("\" y2=\"").append(top)
                .append("\" stroke=\"#8c959f\" stroke-dasharray=\"4 4\"/>\n");
        List<Svg.Series> legend = new ArrayList<>();
        if (report.championRoc().isPresent()) {
            String name = "champion " + report.champion().orElse("") + ", AUC "
                    + Numbers.format(report.championMetrics().getOrDefault("auc", Double.NaN));
            curve(html, "roc-champion", report.championRoc().get(), Svg.OTHER, "6 3", name, left, top, size);
            legend.add(new Svg.Series(name, Svg.OTHER, List.of()));
        }
        String name = report.model() + ", AUC " + Numbers.format(report.metrics().getOrDefault("auc", Double.NaN));
        curve(html, "roc-model", roc, Svg.MODEL, "", name, left, top, size);
        legend.add(0, new Svg.Series(name, Svg.MODEL, List.of()));
        if (report.confusionMatrix().labels().size() == 2) {
            operatingPoint(html, report.confusionMatrix(), roc.positiveClass(), left, top, size);
        }
        html.append("</svg>\n");
        Svg.legend(html, legend);
        html.append("<figcaption>Positive class <code>").append(Html.escape(roc.positiveClass()))
                .append("</code>; the dot is the model's operating point, the dashed diagonal a random guess.")
                .append("</figcaption>\n</figure>\n");
    }

    private static void curve(StringBuilder html, String id, RocCurve roc, String colour, String dashes, String name,
            int left, int top, int size) {
        html.append("<polyline id=\"").append(id).append("\" fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2\"").append(dashes.isEmpty() ? "" : " stroke-dasharray=\"" + dashes + "\"")
                .append(" points=\"");
        for (int i = 0; i < roc.size(); i++) {
            html.append(i == 0 ? "" : " ").append(Svg.num(left + size * roc.falsePositiveRate().get(i))).append(',')
                    .append(Svg.num(top + size - size * roc.truePositiveRate().get(i)));
        }
        html.append("\"><title>").append(Html.escape(name)).append("</title></polyline>\n");
    }

    private static void operatingPoint(StringBuilder html, ConfusionMatrix matrix, String positive, int left, int top,
            int size) {
        String negative = matrix.labels().get(matrix.labels().get(0).equals(positive) ? 1 : 0);
        double tp = matrix.count(positive, positive);
        double fn = matrix.count(positive, negative);
        double fp = matrix.count(negative, positive);
        double tn = matrix.count(negative, negative);
        double tpr = tp / (tp + fn);
        double fpr = fp / (fp + tn);
        html.append("<circle id=\"operating-point\" cx=\"").append(Svg.num(left + size * fpr)).append("\" cy=\"")
                .append(Svg.num(top + size - size * tpr)).append("\" r=\"5\" fill=\"").append(Svg.MODEL)
                .append("\" stroke=\"#fff\" stroke-width=\"1.5\"><title>operating point: false positive rate ")
                .append(Numbers.format(fpr)).append(", true positive rate ").append(Numbers.format(tpr))
                .append("</title></circle>\n");
    }

    /**
     * Per protected attribute, the rates the fairness checks compare, privileged next to
     * unprivileged: favorable predictions overall, among the rows that deserve them (true positive
     * rate), and among those that do not (false positive rate).
     */
    private static void fairness(StringBuilder html, List<GroupFairness> attributes) {
        if (attributes.isEmpty()) {
            return;
        }
        html.append("<h2>Fairness</h2>\n");
        for (int i = 0; i < attributes.size(); i++) {
            GroupFairness attribute = attributes.get(i);
            GroupFairness.Group privileged = attribute.privileged();
            GroupFairness.Group unprivileged = attribute.unprivileged();
            List<Svg.Series> series = List.of(
                    new Svg.Series("privileged: " + privileged.description() + " (" + privileged.rows() + " rows)",
                            Svg.MODEL, List.of(privileged.selectionRate(), privileged.truePositiveRate(),
                                    privileged.falsePositiveRate())),
                    new Svg.Series("unprivileged: " + unprivileged.description() + " (" + unprivileged.rows()
                            + " rows)",
                            Svg.OTHER, List.of(unprivileged.selectionRate(), unprivileged.truePositiveRate(),
                                    unprivileged.falsePositiveRate())));
            html.append("<figure>\n<h3><code>").append(Html.escape(attribute.column())).append("</code></h3>\n");
            Svg.legend(html, series);
            Svg.horizontalBars(html, "fairness-" + i, "fairness rates by group of " + attribute.column(),
                    List.of("favorable predictions", "true positive rate", "false positive rate"), series, 1.0);
            html.append("<figcaption>Share of each group predicted <code>").append(Html.escape(attribute.favorable()))
                    .append("</code> (the favorable outcome): of all its rows, of those actually <code>")
                    .append(Html.escape(attribute.favorable())).append("</code>, and of the others")
                    .append(attribute.leftOut() > 0 ? "; " + attribute.leftOut() + " rows without a value left out"
                            : "")
                    .append(".</figcaption>\n</figure>\n");
        }
    }

    /** The permutation importance of each feature column, highest first, as bars. */
    private static void importance(StringBuilder html, PermutationImportance importance) {
        List<PermutationImportance.FeatureImportance> features = importance.features();
        double max = features.stream().mapToDouble(PermutationImportance.FeatureImportance::importance)
                .filter(v -> v > 0).max().orElse(0);
        html.append("<h2 id=\"feature-importance\">Feature importance</h2>\n<figure>\n");
        Svg.horizontalBars(html, "importance", "permutation importance by feature column",
                features.stream().map(PermutationImportance.FeatureImportance::name).toList(),
                List.of(new Svg.Series(importance.metric().displayName() + " drop", Svg.MODEL,
                        features.stream().map(PermutationImportance.FeatureImportance::importance).toList())),
                max > 0 ? max : 1);
        html.append("<figcaption>Mean drop of the ").append(Html.escape(importance.metric().displayName()))
                .append(" (").append(Numbers.format(importance.baseline()))
                .append(" on the data as it is) when a column's values are shuffled across the rows, over ")
                .append(importance.repeats()).append(importance.repeats() == 1 ? " shuffle" : " shuffles")
                .append(" (seed ").append(importance.seed())
                .append("); a column the model ignores scores 0, and a negative drop shows as no bar.</figcaption>\n")
                .append("</figure>\n");
    }

    /** Every metric of the model, next to the champion's and the difference. */
    private static void metrics(StringBuilder html, ValidationReport report) {
        boolean champion = report.champion().isPresent();
        html.append("<h2>Metrics on these rows</h2>\n<div class=\"scroll\"><table id=\"metrics\">\n<tr><th>metric</th>")
                .append("<th class=\"num\">model</th>");
        if (champion) {
            html.append("<th class=\"num\">champion</th><th class=\"num\">difference</th>");
        }
        html.append("</tr>\n");
        for (Map.Entry<String, Double> metric : report.metrics().entrySet()) {
            html.append("<tr><td>").append(Html.escape(metric.getKey())).append("</td><td class=\"num\">")
                    .append(number(metric.getValue())).append("</td>");
            if (champion) {
                double other = report.championMetrics().getOrDefault(metric.getKey(), Double.NaN);
                html.append("<td class=\"num\">").append(number(other)).append("</td><td class=\"num\">")
                        .append(Double.isNaN(metric.getValue() - other) ? "–"
                                : Numbers.signed(metric.getValue() - other))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table></div>\n");
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "–" : Numbers.format(value, 4);
    }
}
