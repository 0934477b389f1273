package dev.mlops.data;

/**
 * The one grammar of a number in text data, shared by everything that reads cells (CSV files,
 * rows given as text, event files): an optional sign, digits with an optional fraction (or a
 * fraction alone), and an optional exponent, such as {@code 42}, {@code -0.5}, {@code .5} or
 * {@code 1e-3}. Java's other spellings ({@code 0x1p3}, {@code 1d}, {@code NaN},
 * {@code Infinity}) are not numbers here, so that every command reads a file the same way.
 * Surrounding whitespace is not part of a number; callers strip cells first.
 */
public final class Numbers {

    private Numbers() {
    }

    /** Whether {@code text} is a number in the grammar above (its value may still overflow). */
    public static boolean isNumber(CharSequence text) {
        int n = text.length();
        int i = 0;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * The value of a number in the grammar above.
     *
     * @throws NumberFormatException when {@code text} is not such a number, or its value is too
     *     large for a double (the message says which)
     */
    public static double parse(String text) {
        if (!isNumber(text)) {
            throw new NumberFormatException("not a number: '" + text + "'");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new NumberFormatException("number out of range: " + text);
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
