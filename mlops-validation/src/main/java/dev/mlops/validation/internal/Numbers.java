package dev.mlops.validation.internal;

import java.util.Locale;

/** Numbers in the words of check details. */
final class Numbers {

    private Numbers() {
    }

    /** Three decimals, or "undefined" for NaN. */
    static String format(double value) {
        return format(value, 3);
    }

    static String format(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "undefined";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * Two numbers that are compared in one sentence, with enough decimals (3 to 6) that different
     * values do not print alike.
     */
    static String[] pair(double a, double b) {
        int decimals = 3;
        while (decimals < 6 && a != b && format(a, decimals).equals(format(b, decimals))) {
            decimals++;
        }
        return new String[] {format(a, decimals), format(b, decimals)};
    }

    /** A configured number as written, without trailing zeros: {@code 0.005}, {@code 1.02}. */
    static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A signed difference, e.g. {@code +0.012}. */
    static String signed(double value) {
        if (Double.isNaN(value)) {
            return "undefined";
        }
        if (value != 0 && Math.abs(value) < 0.0005) {
            return String.format(Locale.ROOT, "%+.1e", value);  // not "-0.000"
        }
        return (value >= 0 ? "+" : "") + format(value);
    }
}
