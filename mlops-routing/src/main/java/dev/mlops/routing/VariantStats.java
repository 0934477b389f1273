package dev.mlops.routing;

import dev.mlops.stats.Sample;

/**
 * A variant's live numbers in a {@link Router}.
 *
 * @param variant           the variant
 * @param assignments       units routed to it (counted at assignment time, repeat visits included)
 * @param predictions       predictions served through {@link Router#predict}, failed ones included
 * @param errors            predictions that threw
 * @param latencyP50Millis  median prediction latency, ms (0 before any prediction)
 * @param latencyP95Millis  95th-percentile latency, ms
 * @param latencyP99Millis  99th-percentile latency, ms
 * @param conversions       conversion outcomes reported (rate k/n)
 */
public record VariantStats(String variant, long assignments, long predictions, long errors, double latencyP50Millis,
                           double latencyP95Millis, double latencyP99Millis, Sample conversions) {

    /** errors / predictions, 0 before any prediction. */
    public double errorRate() {
        return predictions == 0 ? 0 : (double) errors / predictions;
    }
}
