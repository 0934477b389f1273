package dev.mlops.validation;

import dev.mlops.data.DataTable;
import java.util.List;
import java.util.Objects;

/**
 * A protected attribute and its privileged group, for fairness checks: rows whose {@code column}
 * matches the rule are privileged, rows with another value unprivileged, rows where it is missing
 * are left out.
 *
 * @param column the protected attribute's column, e.g. {@code personal_status}, {@code age}
 * @param rule how the privileged group is defined
 * @param values the privileged values of an {@link Rule#EQUAL_TO} rule (text as in the data;
 *     numbers as written without a trailing {@code .0})
 * @param threshold the smallest privileged value of an {@link Rule#AT_LEAST} rule
 */
public record ProtectedGroup(String column, Rule rule, List<String> values, double threshold) {

    /** How the privileged group is defined. */
    public enum Rule {
        /** The cell is one of {@code values}. */
        EQUAL_TO,
        /** The cell is a number ≥ {@code threshold}. */
        AT_LEAST,
        /** The cell is the column's most frequent value in the evaluation data (ties: first in sort order). */
        MAJORITY
    }

    public ProtectedGroup {
        Objects.requireNonNull(column, "column");
        if (column.isBlank()) {
            throw new IllegalArgumentException("protected column must not be blank");
        }
        Objects.requireNonNull(rule, "rule");
        values = List.copyOf(values);
        if (rule == Rule.EQUAL_TO && values.isEmpty()) {
            throw new IllegalArgumentException("an equal-to group needs at least one privileged value");
        }
        if (rule == Rule.AT_LEAST && !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("an at-least group needs a finite threshold, got " + threshold);
        }
    }

    /** Privileged: {@code column} is one of {@code values}. */
    public static ProtectedGroup equalTo(String column, String... values) {
        return new ProtectedGroup(column, Rule.EQUAL_TO, List.of(values), Double.NaN);
    }

    /** Privileged: {@code column} is a number ≥ {@code threshold} (e.g. age ≥ 25). */
    public static ProtectedGroup atLeast(String column, double threshold) {
        return new ProtectedGroup(column, Rule.AT_LEAST, List.of(), threshold);
    }

    /** Privileged: {@code column} has its most frequent value. */
    public static ProtectedGroup majority(String column) {
        return new ProtectedGroup(column, Rule.MAJORITY, List.of(), Double.NaN);
    }

    /**
     * Parses the command line's form: {@code COL} (the most frequent value is privileged),
     * {@code COL=VALUE} (that value is), {@code COL>=NUMBER} (values from that number up are).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static ProtectedGroup parse(String text) {
        int eq = text.indexOf('=');
        if (text.isBlank() || eq == 0 || (eq == 1 && text.charAt(0) == '>')) {
            throw new IllegalArgumentException("expected COL, COL=PRIVILEGED_VALUE or COL>=NUMBER, got '" + text + "'");
        }
        if (eq < 0) {
            return majority(text.strip());
        }
        // the first '=' ends the column name, so values may hold '=' or '>=' themselves (employment=>=7)
        if (text.charAt(eq - 1) == '>') {
            String number = text.substring(eq + 1).strip();
            try {
                return atLeast(text.substring(0, eq - 1).strip(), Double.parseDouble(number));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected COL>=NUMBER but '" + number + "' is not a number");
            }
        }
        return equalTo(text.substring(0, eq).strip(), text.substring(eq + 1));
    }

    /** The privileged group in words, e.g. {@code age ≥ 25}, {@code personal_status = 'male single'}. */
    public String describe() {
        return switch (rule) {
            case EQUAL_TO -> column + (values.size() == 1 ? " = '" + values.get(0) + "'"
                    : " in " + values.stream().map(v -> "'" + v + "'").toList());
            case AT_LEAST -> column + " ≥ " + DataTable.text(threshold);
            case MAJORITY -> column + " = its most frequent value";
        };
    }
}
