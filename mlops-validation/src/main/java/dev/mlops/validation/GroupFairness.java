package dev.mlops.validation;

import java.util.Objects;

/**
 * The group rates behind the fairness checks of one protected attribute, which the report's bars
 * show: how often each group gets the favorable prediction, overall and among the rows whose actual
 * label is (true positive rate) or is not (false positive rate) the favorable one.
 *
 * @param column the protected attribute
 * @param favorable the favorable label
 * @param privileged the privileged group's rates
 * @param unprivileged the other rows' rates
 * @param leftOut rows without a value in {@code column}
 */
public record GroupFairness(String column, String favorable, Group privileged, Group unprivileged, int leftOut) {

    public GroupFairness {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(favorable, "favorable");
        Objects.requireNonNull(privileged, "privileged");
        Objects.requireNonNull(unprivileged, "unprivileged");
        if (leftOut < 0) {
            throw new IllegalArgumentException("rows left out cannot be negative, got " + leftOut);
        }
    }

    /**
     * One group's rates; a rate is {@code NaN} when its group has no row to count.
     *
     * @param description the group in words, e.g. {@code age ≥ 25}
     * @param rows the group's evaluation rows
     * @param selectionRate P(predicted favorable)
     * @param truePositiveRate P(predicted favorable | actually favorable)
     * @param falsePositiveRate P(predicted favorable | actually not favorable)
     */
    public record Group(String description, int rows, double selectionRate, double truePositiveRate,
            double falsePositiveRate) {

        public Group {
            Objects.requireNonNull(description, "description");
            if (rows < 0) {
                throw new IllegalArgumentException("a group cannot have negative rows, got " + rows);
            }
        }
    }
}
