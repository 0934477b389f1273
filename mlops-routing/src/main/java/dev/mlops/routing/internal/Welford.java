package dev.mlops.routing.internal;

import dev.mlops.routing.FleetCounts;
import dev.mlops.stats.Sample;


/**
 * Count, mean and sum of squared deviations in one pass, by Welford's update (stable where the
 * textbook sum-of-squares formula cancels). Not thread-safe; callers synchronize.
 */
public final class Welford {

    private long count;
    private double mean;
    private double squaredDeviations;
    private long ones;
    private boolean binary = true;

    /** Adds one value. */
    public void add(double value) {
        count++;
        double delta = value - mean;
        mean += delta / count;
        squaredDeviations += delta * (value - mean);
        if (value == 1) {
            ones++;
        } else if (value != 0) {
            binary = false;
        }
    }

    /** The values added so far as mergeable counts. */
    public FleetCounts.MetricCounts counts() {
        return new FleetCounts.MetricCounts(count, ones, count == 0 ? 0 : mean, Math.max(0, squaredDeviations), binary);
    }

    /** The values added so far as a sample (unbiased variance, 0 below two values). */
    public Sample sample() {
        return new Sample(count, count == 0 ? 0 : mean, count < 2 ? 0 : Math.max(0, squaredDeviations / (count - 1)));
    }
}
