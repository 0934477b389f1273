package dev.mlops.validation.internal;

import dev.mlops.core.Html;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the report page: plain shapes with {@code <title>} tool tips, sized by a
 * {@code viewBox} so they scale with the page, no scripts and nothing fetched.
 */
final class Svg {

    /** The colour of the validated model's marks. */
    static final String MODEL = "#0b63c5";
    /** The colour of the champion's (or the unprivileged group's) marks. */
    static final String OTHER = "#e46c0a";

    private Svg() {
    }

    /**
     * Bars of one series: the values of one thing, in one colour.
     *
     * @param name what the series is, in the legend
     * @param colour its fill
     * @param values one value per category ({@code NaN}: undefined, no bar)
     */
    record Series(String name, String colour, List<Double> values) {
    }

    /**
     * Horizontal bars, one row per category and one bar per series in it, on a scale from 0 to
     * {@code max} with five grid lines, each bar labelled with its value.
     *
     * @param id the chart's element id
     * @param label what the chart shows, for screen readers
     */
    static void horizontalBars(StringBuilder out, String id, String label, List<String> categories, List<Series> series,
            double max) {
        // room for the longest category name at about 6.6 units a character of the 12-unit font
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        int left = Math.max(150, 16 + (int) Math.ceil(6.6 * longest));
        int plotWidth = 440;
        int bar = 18;
        int gap = 4;
        int groupHeight = series.size() * (bar + gap) + 12;
        int top = 8;
        int height = top + categories.size() * groupHeight + 28;
        int width = left + plotWidth + 70;
        out.append("<svg id=\"").append(Html.escape(id)).append("\" class=\"chart\"")
                .append(" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(label))
                .append("\">\n");
        int axisY = top + categories.size() * groupHeight;
        for (int t = 0; t <= 5; t++) {
            double x = left + plotWidth * t / 5.0;
            out.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(top).append("\" x2=\"").append(num(x))
                    .append("\" y2=\"").append(axisY).append("\" stroke=\"#d0d7de\"/>\n");
            out.append("<text x=\"").append(num(x)).append("\" y=\"").append(axisY + 16)
                    .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#59636e\">")
                    .append(tick(max * t / 5)).append("</text>\n");
        }
        for (int c = 0; c < categories.size(); c++) {
            int groupTop = top + c * groupHeight + 6;
            out.append("<text x=\"").append(left - 8).append("\" y=\"").append(groupTop + (groupHeight - 12) / 2 + 4)
                    .append("\" font-size=\"12\" text-anchor=\"end\">").append(Html.escape(categories.get(c)))
                    .append("</text>\n");
            for (int s = 0; s < series.size(); s++) {
                double value = series.get(s).values().get(c);
                int y = groupTop + s * (bar + gap);
                double length = Double.isNaN(value) ? 0 : Math.max(0, Math.min(value, max)) / max * plotWidth;
                out.append("<rect class=\"bar\" data-value=\"")
                        .append(Double.isNaN(value) ? "" : Double.toString(value))
                        .append("\" x=\"").append(left).append("\" y=\"").append(y).append("\" width=\"")
                        .append(num(length)).append("\" height=\"").append(bar).append("\" fill=\"")
                        .append(series.get(s).colour()).append("\"><title>").append(Html.escape(series.get(s).name()))
                        .append(", ").append(Html.escape(categories.get(c))).append(": ").append(value(value))
                        .append("</title></rect>\n");
                out.append("<text x=\"").append(num(left + length + 5)).append("\" y=\"").append(y + bar - 5)
                        .append("\" font-size=\"11\">").append(value(value)).append("</text>\n");
            }
        }
        out.append("<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"").append(left)
                .append("\" y2=\"").append(axisY).append("\" stroke=\"#59636e\"/>\n</svg>\n");
    }

    /** A legend: a swatch and a name per series. */
    static void legend(StringBuilder out, List<Series> series) {
        out.append("<p class=\"legend\">");
        for (Series s : series) {
            out.append("<span class=\"swatch\" style=\"background:").append(s.colour()).append("\"></span>")
                    .append(Html.escape(s.name())).append(' ');
        }
        out.append("</p>\n");
    }

    /** A coordinate, one decimal. */
    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A tick label: 0, 0.2, ..., 1. */
    static String tick(double value) {
        return Numbers.plain(Math.round(value * 1000) / 1000.0);
    }

    private static String value(double value) {
        return Double.isNaN(value) ? "undefined" : Numbers.format(value);
    }
}
