package dev.mlops.drift;

import java.util.OptionalDouble;

/**
 * One test or distance on one feature.
 *
 * @param method    which test
 * @param statistic its statistic (finite)
 * @param pValue    P(statistic at least as extreme | no drift), empty for distances
 */
public record TestResult(TestMethod method, double statistic, OptionalDouble pValue) {

    /** @throws IllegalArgumentException on a null part, a non-finite statistic or a p-value outside [0, 1] */
    public TestResult {
        if (method == null || pValue == null) {
            throw new IllegalArgumentException("method and pValue are required");
        }
        if (!Double.isFinite(statistic)) {
            throw new IllegalArgumentException(method + " statistic must be finite: " + statistic);
        }
        if (pValue.isPresent() && !(pValue.getAsDouble() >= 0 && pValue.getAsDouble() <= 1)) {
            throw new IllegalArgumentException(method + " p-value outside [0, 1]: " + pValue.getAsDouble());
        }
    }

    /** A test with a p-value. */
    public static TestResult of(TestMethod method, double statistic, double pValue) {
        return new TestResult(method, statistic, OptionalDouble.of(pValue));
    }

    /** A distance without a p-value. */
    public static TestResult distance(TestMethod method, double statistic) {
        return new TestResult(method, statistic, OptionalDouble.empty());
    }
}
