package dev.mlops.routing;

/**
 * One comparison of a treatment with the control on one metric.
 *
 * @param method    {@code z} (two-proportion z-test), {@code welch-t} (Welch's t-test) or
 *                  {@code msprt} (always-valid mixture sequential probability ratio test)
 * @param statistic z or t; for {@code msprt} the z-score of the difference, effect / √V
 * @param pValue    two-sided p-value, or NaN where the test is undefined (no variation at all)
 * @param effect    treatment mean minus control mean, in the metric's units
 * @param ciLow     lower end of the (1 − α) confidence interval of the effect (always-valid for
 *                  {@code msprt})
 * @param ciHigh    upper end of that interval
 */
public record TestResult(String method, double statistic, double pValue, double effect, double ciLow, double ciHigh) {

    /** The two-proportion z-test. */
    public static final String Z = "z";
    /** Welch's unequal-variance t-test. */
    public static final String WELCH_T = "welch-t";
    /** The mixture sequential probability ratio test. */
    public static final String MSPRT = "msprt";

    /** Whether the p-value is below alpha (never for an undefined p-value). */
    public boolean significant(double alpha) {
        return pValue < alpha;
    }

    /** This result with another p-value (after a multiple-testing adjustment). */
    public TestResult withPValue(double adjusted) {
        return new TestResult(method, statistic, adjusted, effect, ciLow, ciHigh);
    }
}
