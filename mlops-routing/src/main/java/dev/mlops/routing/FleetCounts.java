package dev.mlops.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.stats.Sample;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * An experiment's counts in a form that merges exactly: what one instance flushes for one window
 * ({@link dev.mlops.fleet.TelemetryBucket}), and what readers get by merging every instance's.
 * Units, requests and errors add; each metric keeps its count, mean and sum of squared deviations
 * and merges by Chan's pairwise update (as exact as the one-pass Welford update over the union,
 * to rounding), with its count of 1-valued units for conversion rates; latency histograms
 * (HdrHistogram, nanoseconds, 2 significant digits) add bucket by bucket.
 *
 * <p>{@link #observations} turns counts into the {@link Observations} an {@link Analyzer}
 * judges: when every unit's events were counted by one instance (sticky routing, or one events
 * file per instance and window), the analysis of merged counts equals the analysis of the union
 * of the events, exactly in counts and to rounding in the statistics. The one difference is the
 * p99 latency of the guardrails, read from the merged histogram within its 1 % precision where an
 * events file gives the exact interpolated percentile.
 *
 * @param metrics                the metric names, in order of first appearance
 * @param variants               counts per variant name, in order of first appearance
 * @param unitsInSeveralVariants units seen in more than one variant
 * @param events                 event rows read (events files; a router's flush counts none)
 */
public record FleetCounts(List<String> metrics, Map<String, VariantCounts> variants, long unitsInSeveralVariants,
                          long events) {

    /** Nothing counted. */
    public static final FleetCounts EMPTY = new FleetCounts(List.of(), Map.of(), 0, 0);

    /** The histograms' range: 1 ns to one hour, 2 significant digits (as the router records). */
    static final long MAX_LATENCY_NANOS = 3_600_000_000_000L;

    /** Copies the collections. */
    public FleetCounts {
        metrics = List.copyOf(metrics);
        variants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        if (unitsInSeveralVariants < 0 || events < 0) {
            throw new IllegalArgumentException("unitsInSeveralVariants and events must not be negative");
        }
    }

    /**
     * One metric of one variant.
     *
     * @param count     units with a value
     * @param successes units whose value is 1
     * @param mean      the mean value (0 without units)
     * @param m2        the sum of squared deviations from the mean
     * @param binary    whether every value was 0 or 1
     */
    public record MetricCounts(long count, long successes, double mean, double m2, boolean binary) {

        /** No value. */
        public static final MetricCounts NONE = new MetricCounts(0, 0, 0, 0, true);

        /** @throws IllegalArgumentException if a count is negative or a number not finite */
        public MetricCounts {
            if (count < 0 || successes < 0 || successes > count || !Double.isFinite(mean) || !(m2 >= 0)
                || Double.isInfinite(m2)) {
                throw new IllegalArgumentException("invalid metric counts: " + count + ", " + successes + ", " + mean + ", " + m2);
            }
        }

        /** The counts of a sample (as {@link Observations} hold them). */
        public static MetricCounts of(Sample sample, boolean binary) {
            return new MetricCounts(sample.count(), binary ? sample.successes() : 0, sample.mean(),
                sample.count() < 2 ? 0 : sample.variance() * (sample.count() - 1), binary);
        }

        /** These and {@code other} together (Chan et al.'s pairwise update). */
        public MetricCounts plus(MetricCounts other) {
            if (other.count == 0) {
                return new MetricCounts(count, successes, mean, m2, binary && other.binary);
            }
            if (count == 0) {
                return new MetricCounts(other.count, other.successes, other.mean, other.m2, binary && other.binary);
            }
            long n = count + other.count;
            double delta = other.mean - mean;
            return new MetricCounts(n, successes + other.successes, mean + delta * other.count / n,
                m2 + other.m2 + delta * delta * ((double) count * other.count / n), binary && other.binary);
        }

        /** As a sample: a conversion sample when the metric is a conversion rate. */
        Sample sample(boolean conversion) {
            if (conversion) {
                return Sample.ofConversions(successes, count);
            }
            return new Sample(count, count == 0 ? 0 : mean, count < 2 ? 0 : Math.max(0, m2 / (count - 1)));
        }
    }

    /**
     * One variant's counts.
     *
     * @param units     units assigned (a router counts assignments; an events file distinct units)
     * @param errorRows requests whose success is known
     * @param errors    requests that failed
     * @param latency   request latencies in nanoseconds; not to be modified
     * @param metrics   per metric name
     */
    public record VariantCounts(long units, long errorRows, long errors, Histogram latency,
                                Map<String, MetricCounts> metrics) {

        /** @throws IllegalArgumentException if a count is negative */
        public VariantCounts {
            if (units < 0 || errorRows < 0 || errors < 0 || errors > errorRows) {
                throw new IllegalArgumentException("invalid variant counts: " + units + ", " + errorRows + ", " + errors);
            }
            Objects.requireNonNull(latency, "latency");
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** An empty latency histogram of the counts' range and precision. */
        public static Histogram newHistogram() {
            return new Histogram(1, MAX_LATENCY_NANOS, 2);
        }


        Observations.Health health() {
            long latencies = latency.getTotalCount();
            long requests = errorRows > 0 ? errorRows : latencies;
            return new Observations.Health(requests,
                errorRows > 0 ? OptionalDouble.of((double) errors / errorRows) : OptionalDouble.empty(),
                latencies > 0 ? OptionalDouble.of(latency.getValueAtPercentile(99) / 1e6) : OptionalDouble.empty());
        }
    }

    /** Every count of {@code parts} added, in their order. */
    public static FleetCounts merge(Collection<FleetCounts> parts) {
        Set<String> metricNames = new LinkedHashSet<>();
        Map<String, Sum> sums = new LinkedHashMap<>();
        long several = 0;
        long events = 0;
        for (FleetCounts part : parts) {
            events += part.events;
            metricNames.addAll(part.metrics);
            part.variants.forEach((name, counts) -> sums.computeIfAbsent(name, n -> new Sum()).add(counts));
            several += part.unitsInSeveralVariants;
        }
        Map<String, VariantCounts> variants = new LinkedHashMap<>();
        sums.forEach((name, sum) -> variants.put(name, sum.counts()));
        return new FleetCounts(new ArrayList<>(metricNames), variants, several, events);
    }

    /** One variant's counts being added up: one histogram for all the parts, not a copy per part. */
    private static final class Sum {
        long units;
        long errorRows;
        long errors;
        final Histogram latency = VariantCounts.newHistogram();
        final Map<String, MetricCounts> metrics = new LinkedHashMap<>();

        void add(VariantCounts c) {
            units += c.units;
            errorRows += c.errorRows;
            errors += c.errors;
            if (c.latency.getTotalCount() > 0) {
                latency.add(c.latency);
            }
            c.metrics.forEach((name, counts) -> metrics.merge(name, counts, MetricCounts::plus));
        }

        VariantCounts counts() {
            return new VariantCounts(units, errorRows, errors, latency, metrics);
        }
    }

    /**
     * The observations of an experiment's variants from these counts; counts of names that are no
     * longer variants (removed since) are left out.
     */
    public Observations observations(Experiment experiment) {
        List<String> names = experiment.variants().stream().map(Variant::name).toList();
        List<VariantCounts> counts = names.stream()
            .map(n -> variants.getOrDefault(n, new VariantCounts(0, 0, 0, VariantCounts.newHistogram(), Map.of()))).toList();
        List<Observations.MetricData> data = new ArrayList<>();
        for (String metric : metrics) {
            boolean conversion = counts.stream().allMatch(c -> c.metrics.getOrDefault(metric, MetricCounts.NONE).binary());
            data.add(new Observations.MetricData(metric, conversion,
                counts.stream().map(c -> c.metrics.getOrDefault(metric, MetricCounts.NONE).sample(conversion)).toList()));
        }
        return new Observations(names, counts.stream().map(VariantCounts::units).toList(), data,
            counts.stream().map(VariantCounts::health).toList(), unitsInSeveralVariants);
    }

    /** The counts as a JSON document (the payload of a telemetry bucket). */
    public String toJson() {
        ObjectNode root = Json.object();
        metrics.forEach(root.putArray("metrics")::add);
        root.put("unitsInSeveralVariants", unitsInSeveralVariants).put("events", events);
        ObjectNode vs = root.putObject("variants");
        variants.forEach((name, v) -> {
            ObjectNode node = vs.putObject(name).put("units", v.units).put("errorRows", v.errorRows).put("errors", v.errors);
            ByteBuffer buffer = ByteBuffer.allocate(v.latency.getNeededByteBufferCapacity());
            int length = v.latency.encodeIntoCompressedByteBuffer(buffer);
            node.put("latency", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
            ObjectNode ms = node.putObject("metrics");
            v.metrics.forEach((metric, m) -> ms.putObject(metric).put("count", m.count).put("successes", m.successes)
                .put("mean", m.mean).put("m2", m.m2).put("binary", m.binary));
        });
        return Json.write(root);
    }

    /**
     * Reads {@link #toJson}.
     *
     * @throws IllegalArgumentException if the document is not such counts (naming what is wrong)
     */
    public static FleetCounts parse(String json) {
        try {
            JsonNode root = Json.read(json);
            List<String> metrics = new ArrayList<>();
            root.required("metrics").forEach(m -> metrics.add(m.asText()));
            Map<String, VariantCounts> variants = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) root.required("variants")::fields) {
                JsonNode v = e.getValue();
                byte[] bytes = Base64.getDecoder().decode(v.required("latency").asText());
                Histogram latency = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
                Map<String, MetricCounts> ms = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> m : (Iterable<Map.Entry<String, JsonNode>>) v.required("metrics")::fields) {
                    JsonNode c = m.getValue();
                    ms.put(m.getKey(), new MetricCounts(c.required("count").asLong(), c.required("successes").asLong(),
                        c.required("mean").asDouble(), c.required("m2").asDouble(), c.required("binary").asBoolean()));
                }
                variants.put(e.getKey(), new VariantCounts(v.required("units").asLong(), v.required("errorRows").asLong(),
                    v.required("errors").asLong(), latency, ms));
            }
            return new FleetCounts(metrics, variants, root.required("unitsInSeveralVariants").asLong(),
                root.required("events").asLong());
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not experiment counts: " + e.getMessage(), e);
        }
    }

    /** The counts of one variant, if it has any. */
    public Optional<VariantCounts> variant(String name) {
        return Optional.ofNullable(variants.get(name));
    }
}
