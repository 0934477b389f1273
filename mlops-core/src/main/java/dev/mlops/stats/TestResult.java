package dev.mlops.stats;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of one statistical test or distance: what computed it, its statistic, its p-value
 * when it has one and, for comparisons of two samples, the effect with its confidence interval.
 *
 * @param method    what computed it
 * @param statistic the test statistic or the distance; NaN where the test is undefined (no
 *                  variation in either sample), never infinite
 * @param pValue    P(a statistic at least as extreme | the null hypothesis), in [0, 1]; empty for
 *                  distances and where the test is undefined
 * @param effect    the estimated effect with its confidence interval, for comparisons; empty
 *                  otherwise
 */
public record TestResult(Method method, double statistic, OptionalDouble pValue, Optional<Effect> effect) {

    /**
     * @throws IllegalArgumentException on a null part, an infinite statistic or a p-value outside
     *                                  [0, 1]
     */
    public TestResult {
        if (method == null || pValue == null || effect == null) {
            throw new IllegalArgumentException("method, pValue and effect are required");
        }
        if (Double.isInfinite(statistic)) {
            throw new IllegalArgumentException(method.jsonName() + " statistic must not be infinite: " + statistic);
        }
        if (pValue.isPresent() && !(pValue.getAsDouble() >= 0 && pValue.getAsDouble() <= 1)) {
            throw new IllegalArgumentException(method.jsonName() + " p-value outside [0, 1]: " + pValue.getAsDouble());
        }
    }

    /**
     * A test with a p-value and no effect.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static TestResult of(Method method, double statistic, double pValue) {
        return new TestResult(method, statistic, OptionalDouble.of(pValue), Optional.empty());
    }

    /**
     * A distance: a statistic without a p-value.
     *
     * @throws IllegalArgumentException if the distance is infinite
     */
    public static TestResult distance(Method method, double statistic) {
        return new TestResult(method, statistic, OptionalDouble.empty(), Optional.empty());
    }

    /**
     * This result with another p-value (after a multiple-testing adjustment, or the running
     * minimum of an always-valid p-value).
     *
     * @throws IllegalArgumentException if the p-value is outside [0, 1]
     */
    public TestResult withPValue(double adjusted) {
        return new TestResult(method, statistic, OptionalDouble.of(adjusted), effect);
    }
}
