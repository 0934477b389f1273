package dev.mlops.routing;

import dev.mlops.stats.Sample;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What an experiment has seen so far, per variant (in the experiment's variant order): the
 * units assigned, each metric's per-unit sample, and serving health. Read from an events file
 * ({@link EventFiles}) or taken from a live {@link Router}; judged by an {@link Analyzer}.
 *
 * @param variants               the variant names, in the experiment's order
 * @param units                  units per variant (the sample-ratio check counts these)
 * @param metrics                one entry per metric, in order of first appearance
 * @param health                 serving health per variant
 * @param unitsInSeveralVariants units seen in more than one variant (a sign of broken assignment
 *                               or logging; they count in each variant they appear in)
 */
public record Observations(List<String> variants, List<Long> units, List<MetricData> metrics, List<Health> health,
                           long unitsInSeveralVariants) {

    /**
     * @throws IllegalArgumentException if the per-variant lists differ in length from the variants
     */
    public Observations {
        variants = List.copyOf(variants);
        units = List.copyOf(units);
        metrics = List.copyOf(metrics);
        health = List.copyOf(health);
        if (units.size() != variants.size() || health.size() != variants.size()) {
            throw new IllegalArgumentException("units and health need one entry per variant " + variants);
        }
        for (MetricData metric : metrics) {
            if (metric.samples().size() != variants.size()) {
                throw new IllegalArgumentException("metric '" + metric.name() + "' needs one sample per variant " + variants);
            }
        }
    }

    /** The data of a metric, if it was observed. */
    public Optional<MetricData> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * One metric's per-unit samples.
     *
     * @param name       the metric's name
     * @param conversion whether every per-unit value is 0 or 1 (a conversion rate)
     * @param samples    one sample per variant, in the experiment's order
     */
    public record MetricData(String name, boolean conversion, List<Sample> samples) {

        /** Copies the samples. */
        public MetricData {
            samples = List.copyOf(samples);
        }
    }

    /**
     * How a variant served: predictions, the share that failed, and the 99th-percentile latency.
     *
     * @param requests         predictions served (or event rows describing them)
     * @param errorRate        the share of failed predictions, when known
     * @param latencyP99Millis the 99th-percentile latency in milliseconds, when known
     */
    public record Health(long requests, OptionalDouble errorRate, OptionalDouble latencyP99Millis) {

        /** Nothing known. */
        public static Health unknown() {
            return new Health(0, OptionalDouble.empty(), OptionalDouble.empty());
        }
    }
}
