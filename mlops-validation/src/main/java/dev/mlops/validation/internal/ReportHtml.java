package dev.mlops.validation.internal;

import dev.mlops.core.Html;
import dev.mlops.validation.Check;
import dev.mlops.validation.ValidationReport;
import java.util.Map;

/** A self-contained HTML page of a {@link ValidationReport}: inline CSS, no scripts, no external resources. */
public final class ReportHtml {

    private ReportHtml() {
    }

    /** See {@link ValidationReport#toHtml()}. */
    public static String write(ValidationReport report) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Validation of ").append(Html.escape(report.model())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem auto;")
                .append("max-width:72rem;padding:0 1rem;color:#1f2328;line-height:1.45}\n")
                .append("h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem}\n")
                .append(".verdict{display:inline-block;padding:.35rem .8rem;border-radius:.4rem;font-weight:600;color:#fff}\n")
                .append(".passed{background:#1a7f37}.failed{background:#cf222e}\n")
                .append("table{border-collapse:collapse;width:100%;margin-top:.5rem}\n")
                .append("th,td{border-bottom:1px solid #d0d7de;padding:.4rem .6rem;text-align:left;vertical-align:top}\n")
                .append("th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n")
                .append("tr.fail td{background:#ffebe9}.pass-cell{color:#1a7f37;font-weight:600}.fail-cell{color:#cf222e;font-weight:600}\n")
                .append(".meta{color:#59636e}code{font-size:.9em}\n</style>\n</head>\n<body>\n");
        html.append("<h1>Validation of <code>").append(Html.escape(report.model())).append("</code></h1>\n");
        html.append("<p><span class=\"verdict ").append(report.passed() ? "passed\">PASSED" : "failed\">FAILED")
                .append("</span> ").append(report.checks().size() - report.failures().size()).append(" of ")
                .append(report.checks().size()).append(" checks passed</p>\n");
        html.append("<p class=\"meta\">").append(report.rows()).append(" labeled rows of <code>")
                .append(Html.escape(report.source())).append("</code> (SHA-256 <code>").append(Html.escape(report.dataFingerprint()))
                .append("</code>)");
        report.champion().ifPresent(c -> html.append("; champion <code>").append(Html.escape(c)).append("</code>"));
        report.positiveClass().ifPresent(p -> html.append("; positive class <code>").append(Html.escape(p)).append("</code>"));
        html.append("; made ").append(Html.escape(report.createdAt().toString())).append("</p>\n");

        html.append("<h2>Checks</h2>\n<table>\n<tr><th>check</th><th>result</th><th>value</th><th>threshold</th><th>why</th></tr>\n");
        for (Check check : report.checks()) {
            html.append("<tr").append(check.passed() ? "" : " class=\"fail\"").append("><td><code>")
                    .append(Html.escape(check.name())).append("</code></td><td class=\"")
                    .append(check.passed() ? "pass-cell\">pass" : "fail-cell\">FAIL").append("</td><td class=\"num\">")
                    .append(number(check.value())).append("</td><td class=\"num\">").append(number(check.threshold()))
                    .append("</td><td>").append(Html.escape(check.detail())).append("</td></tr>\n");
        }
        html.append("</table>\n");

        html.append("<h2>Metrics on these rows</h2>\n<table>\n<tr><th>metric</th><th>model</th>");
        if (report.champion().isPresent()) {
            html.append("<th>champion</th>");
        }
        html.append("</tr>\n");
        for (Map.Entry<String, Double> metric : report.metrics().entrySet()) {
            html.append("<tr><td>").append(Html.escape(metric.getKey())).append("</td><td class=\"num\">")
                    .append(number(metric.getValue())).append("</td>");
            if (report.champion().isPresent()) {
                html.append("<td class=\"num\">").append(number(report.championMetrics()
                        .getOrDefault(metric.getKey(), Double.NaN))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "–" : Numbers.format(value, 4);
    }
}
