package dev.mlops.training;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A hyperparameter of an {@link Algorithm}: its name, its kind and range, its default and what it
 * does. Values are passed as text ({@code --param epochs=20}) and checked against the definition.
 *
 * @param name the name, e.g. {@code learningRate}
 * @param kind integer, decimal, boolean or one of {@code choices}
 * @param min smallest allowed value (numbers only)
 * @param minInclusive whether {@code min} itself is allowed
 * @param max largest allowed value (numbers only)
 * @param maxInclusive whether {@code max} itself is allowed
 * @param choices the allowed values of a {@link Kind#CHOICE}, empty otherwise
 * @param defaultValue the value used when none is given, in canonical form
 * @param description one line for help texts
 */
public record Parameter(String name, Kind kind, double min, boolean minInclusive, double max,
        boolean maxInclusive, List<String> choices, String defaultValue, String description) {

    /** What values a parameter takes. */
    public enum Kind {
        /** A whole number. */
        INTEGER,
        /** A finite decimal number. */
        DECIMAL,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** One of a fixed list of words. */
        CHOICE
    }

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
    }

    static Parameter integer(String name, int min, int max, int defaultValue, String description) {
        return new Parameter(name, Kind.INTEGER, min, true, max, true, List.of(), Integer.toString(defaultValue), description);
    }

    static Parameter decimal(String name, double min, boolean minInclusive, double max, boolean maxInclusive,
            double defaultValue, String description) {
        return new Parameter(name, Kind.DECIMAL, min, minInclusive, max, maxInclusive, List.of(),
                Double.toString(defaultValue), description);
    }

    static Parameter bool(String name, boolean defaultValue, String description) {
        return new Parameter(name, Kind.BOOLEAN, 0, true, 1, true, List.of(), Boolean.toString(defaultValue), description);
    }

    static Parameter choice(String name, List<String> choices, String defaultValue, String description) {
        return new Parameter(name, Kind.CHOICE, 0, true, 0, true, choices, defaultValue, description);
    }

    /**
     * Checks a value and returns its canonical text ({@code 1e-3} becomes {@code 0.001}, {@code TRUE}
     * becomes {@code true}).
     *
     * @throws IllegalArgumentException naming the parameter, the value and the allowed range
     */
    public String canonical(String value) {
        String text = value.strip();
        switch (kind) {
            case INTEGER -> {
                long parsed;
                try {
                    parsed = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw bad(value, "a whole number");
                }
                checkRange(value, parsed);
                return Long.toString(parsed);
            }
            case DECIMAL -> {
                double parsed;
                try {
                    parsed = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw bad(value, "a number");
                }
                if (!Double.isFinite(parsed)) {
                    throw bad(value, "a finite number");
                }
                checkRange(value, parsed);
                return Double.toString(parsed);
            }
            case BOOLEAN -> {
                String lower = text.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw bad(value, "true or false");
                }
                return lower;
            }
            case CHOICE -> {
                String lower = text.toLowerCase(Locale.ROOT);
                if (!choices.contains(lower)) {
                    throw bad(value, "one of " + choices);
                }
                return lower;
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
    }

    private void checkRange(String value, double parsed) {
        boolean aboveMin = minInclusive ? parsed >= min : parsed > min;
        boolean belowMax = maxInclusive ? parsed <= max : parsed < max;
        if (!aboveMin || !belowMax) {
            throw bad(value, "in " + (minInclusive ? "[" : "(") + number(min) + ", " + number(max)
                    + (maxInclusive ? "]" : ")"));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private IllegalArgumentException bad(String value, String expected) {
        return new IllegalArgumentException("parameter '" + name + "' must be " + expected + ", got '" + value + "'");
    }
}
