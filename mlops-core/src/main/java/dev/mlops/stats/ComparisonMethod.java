package dev.mlops.stats;

/** The comparisons of a treatment sample with a control sample in {@link TwoSampleTests}. */
public enum ComparisonMethod implements Method {
    /** The pooled two-proportion z-test ({@link TwoSampleTests#twoProportion}). */
    Z("z"),
    /** Welch's unequal-variance t-test ({@link TwoSampleTests#welch}). */
    WELCH_T("welch-t"),
    /** The always-valid mixture sequential probability ratio test ({@link TwoSampleTests#msprt}). */
    MSPRT("msprt");

    private final String jsonName;

    ComparisonMethod(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
