package dev.mlops.routing;

import dev.mlops.data.Numbers;
import dev.mlops.routing.internal.Welford;
import dev.mlops.stats.Quantiles;
import dev.mlops.stats.Sample;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads experiment events from CSV (UTF-8, header row, RFC 4180 quoting) in one of two shapes,
 * told apart by the header (other columns are ignored):
 * <ul>
 *   <li>{@code unit,variant,converted}: one conversion outcome per row, {@code 0}/{@code 1} (or
 *       {@code false}/{@code true}); a unit converted when any of its rows says so. The metric is
 *       named {@code converted}.</li>
 *   <li>{@code unit,variant,metric,value}: one observation per row; a unit's value for a metric is
 *       the sum of its rows (a unit's revenue is the sum of its purchases). A metric whose per-unit
 *       values are all 0 or 1 is a conversion metric.</li>
 * </ul>
 * The unit of analysis is the unit: a variant's count is its number of distinct units, and the
 * sample-ratio check counts those. Two metric names also describe serving health, per row rather
 * than per unit: {@code error} (1 for a failed prediction; its mean is the error rate) and
 * {@code latency_ms} (its 99th percentile, linearly interpolated as numpy's default quantile, is
 * the p99 latency); a variant's request count is its number of {@code error} rows, else of
 * {@code latency_ms} rows. These feed a canary's guardrails.
 *
 * <p>Problems raise {@link RoutingInputException} naming the file, line and column.
 */
public final class EventFiles {

    /** The metric of {@code unit,variant,converted} files. */
    public static final String CONVERTED = "converted";
    /** The per-row metric read as a prediction failure (1) or success (0). */
    public static final String ERROR_METRIC = "error";
    /** The per-row metric read as a prediction latency in milliseconds. */
    public static final String LATENCY_METRIC = "latency_ms";

    private static final int MAX_METRICS = 64;

    private EventFiles() {
    }

    /**
     * Reads an events file for an experiment.
     *
     * @throws RoutingInputException if the file cannot be read or is malformed, or a row names a
     *                               variant the experiment does not have
     */
    public static Observations read(Path file, Experiment experiment) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString(), experiment);
        } catch (IOException e) {
            throw new RoutingInputException(file.toString(), 0, null, "cannot read: " + e, e);
        }
    }

    /**
     * Reads events from a reader; {@code source} names it in error messages.
     *
     * @throws RoutingInputException if the text is malformed or names an unknown variant
     */
    public static Observations read(Reader reader, String source, Experiment experiment) {
        return accumulate(reader, source, experiment).observations();
    }

    /**
     * Reads an events file for an experiment as mergeable counts: what {@code mlops route record}
     * stores as one instance's window ({@link FleetCounts}).
     *
     * @throws RoutingInputException if the file cannot be read or is malformed, or a row names a
     *                               variant the experiment does not have
     */
    public static FleetCounts counts(Path file, Experiment experiment) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return accumulate(reader, file.toString(), experiment).counts();
        } catch (IOException e) {
            throw new RoutingInputException(file.toString(), 0, null, "cannot read: " + e, e);
        }
    }

    private static Accumulator accumulate(Reader reader, String source, Experiment experiment) {
        List<String> variantNames = experiment.variants().stream().map(Variant::name).toList();
        Map<String, Integer> variantIndex = new HashMap<>();
        for (int i = 0; i < variantNames.size(); i++) {
            variantIndex.put(variantNames.get(i), i);
        }
        Accumulator acc = new Accumulator(variantNames);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build();
        try (CSVParser parser = format.parse(reader)) {
            Map<String, Integer> header = columns(parser.getHeaderNames());
            boolean conversions = !header.containsKey("metric");
            int unitColumn = require(header, "unit", source);
            int variantColumn = require(header, "variant", source);
            int metricColumn = conversions ? -1 : require(header, "metric", source);
            int valueColumn = require(header, conversions ? CONVERTED : "value", source);
            if (conversions) {
                acc.metricIndex(CONVERTED);
            }
            long nextLine = parser.getCurrentLineNumber() + 1;
            for (Iterator<CSVRecord> it = parser.iterator(); it.hasNext(); ) {
                CSVRecord row = it.next();
                long line = nextLine;  // where the row starts, also when a quoted cell spans lines
                nextLine = parser.getCurrentLineNumber() + 1;
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                if (row.size() != header.size()) {
                    throw new RoutingInputException(source, line, null, "expected " + header.size() + " cells, found " + row.size());
                }
                String unit = row.get(unitColumn);
                if (unit.isEmpty()) {
                    throw new RoutingInputException(source, line, "unit", "is empty");
                }
                acc.rows++;
                Integer variant = variantIndex.get(row.get(variantColumn));
                if (variant == null) {
                    throw new RoutingInputException(source, line, "variant", "'" + row.get(variantColumn)
                        + "' is not a variant of experiment '" + experiment.id() + "' " + variantNames);
                }
                if (conversions) {
                    acc.add(variant, unit, 0, converted(row.get(valueColumn), source, line), true);
                } else {
                    String metric = row.get(metricColumn).strip();
                    if (metric.isEmpty()) {
                        throw new RoutingInputException(source, line, "metric", "is empty");
                    }
                    int m = acc.metricIndex(metric);
                    if (m < 0) {
                        throw new RoutingInputException(source, line, "metric", "more than " + MAX_METRICS + " metrics");
                    }
                    acc.add(variant, unit, m, number(row.get(valueColumn), source, line), false);
                    if (metric.equals(ERROR_METRIC) || metric.equals(LATENCY_METRIC)) {
                        acc.health(variant, metric, number(row.get(valueColumn), source, line));
                    }
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            String message = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new RoutingInputException(source, 0, null, "malformed CSV: " + message, e);
        } catch (IllegalArgumentException e) {
            throw new RoutingInputException(source, 0, null, "malformed CSV: " + e.getMessage(), e);
        }
        return acc;
    }

    private static Map<String, Integer> columns(List<String> names) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);  // a UTF-8 byte order mark is not part of the name
            }
            columns.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), i);
        }
        return columns;
    }

    private static int require(Map<String, Integer> header, String column, String source) {
        Integer index = header.get(column);
        if (index == null) {
            throw new RoutingInputException(source, 1, column, "missing column; the header must hold unit,variant,converted or unit,variant,metric,value, found " + header.keySet());
        }
        return index;
    }

    private static double converted(String cell, String source, long line) {
        return switch (cell.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> 1;
            case "0", "false" -> 0;
            default -> throw new RoutingInputException(source, line, CONVERTED, "must be 0, 1, true or false, was '" + cell + "'");
        };
    }

    private static double number(String cell, String source, long line) {
        try {
            // the grammar every reader shares: a hex float or "NaN" is no number here either
            return Numbers.parse(cell.strip());
        } catch (NumberFormatException e) {
            throw new RoutingInputException(source, line, "value", "must be a finite number, was '" + cell + "'");
        }
    }

    /** Per-variant maps of unit → per-metric values, the health rows, then samples. */
    private static final class Accumulator {
        private final List<Map<String, UnitValues>> units = new ArrayList<>();
        private final List<String> metrics = new ArrayList<>();
        private final Map<String, Integer> metricIndex = new HashMap<>();
        private final long[] errorRows;
        private final long[] errors;
        private final List<double[]> latencies = new ArrayList<>();
        private final int[] latencyCounts;
        private final List<String> variantNames;
        private long rows;

        Accumulator(List<String> variantNames) {
            this.variantNames = variantNames;
            int variants = variantNames.size();
            for (int i = 0; i < variants; i++) {
                units.add(new HashMap<>());
                latencies.add(new double[16]);
            }
            errorRows = new long[variants];
            errors = new long[variants];
            latencyCounts = new int[variants];
        }

        int metricIndex(String metric) {
            Integer index = metricIndex.get(metric);
            if (index == null) {
                if (metrics.size() == MAX_METRICS) {
                    return -1;
                }
                index = metrics.size();
                metrics.add(metric);
                metricIndex.put(metric, index);
            }
            return index;
        }

        void add(int variant, String unit, int metric, double value, boolean anyOf) {
            UnitValues values = units.get(variant).computeIfAbsent(unit, u -> new UnitValues());
            values.add(metric, value, anyOf);
        }

        void health(int variant, String metric, double value) {
            if (metric.equals(ERROR_METRIC)) {
                errorRows[variant]++;
                if (value != 0) {
                    errors[variant]++;
                }
            } else {
                double[] rows = latencies.get(variant);
                if (latencyCounts[variant] == rows.length) {
                    rows = Arrays.copyOf(rows, rows.length * 2);
                    latencies.set(variant, rows);
                }
                rows[latencyCounts[variant]++] = value;
            }
        }

        /** Per variant and metric: count, successes, mean, squared deviations; health as histograms. */
        FleetCounts counts() {
            Observations observations = observations();
            Map<String, FleetCounts.VariantCounts> variants = new java.util.LinkedHashMap<>();
            for (int v = 0; v < variantNames.size(); v++) {
                Map<String, FleetCounts.MetricCounts> perMetric = new java.util.LinkedHashMap<>();
                for (Observations.MetricData metric : observations.metrics()) {
                    Sample sample = metric.samples().get(v);
                    if (sample.count() > 0) {
                        perMetric.put(metric.name(), binaryCounts(v, metrics.indexOf(metric.name()), sample));
                    }
                }
                org.HdrHistogram.Histogram latency = FleetCounts.VariantCounts.newHistogram();
                double[] rows = latencies.get(v);
                for (int i = 0; i < latencyCounts[v]; i++) {
                    latency.recordValue(Math.max(1, Math.min(Math.round(rows[i] * 1e6), FleetCounts.MAX_LATENCY_NANOS)));
                }
                variants.put(variantNames.get(v), new FleetCounts.VariantCounts(observations.units().get(v), errorRows[v],
                    errors[v], latency, perMetric));
            }
            return new FleetCounts(metrics, variants, observations.unitsInSeveralVariants(), rows);
        }

        /** A metric's counts in one variant, binary when every one of its units' values is 0 or 1. */
        private FleetCounts.MetricCounts binaryCounts(int variant, int m, Sample sample) {
            boolean binary = true;
            long successes = 0;
            for (UnitValues values : units.get(variant).values()) {
                if (values.has(m)) {
                    binary &= values.sums[m] == 0 || values.sums[m] == 1;
                    successes += values.sums[m] == 1 ? 1 : 0;
                }
            }
            return new FleetCounts.MetricCounts(sample.count(), successes, sample.mean(),
                sample.count() < 2 ? 0 : sample.variance() * (sample.count() - 1), binary);
        }

        Observations observations() {
            int k = variantNames.size();
            List<Long> unitCounts = new ArrayList<>();
            for (Map<String, UnitValues> map : units) {
                unitCounts.add((long) map.size());
            }
            List<Observations.MetricData> data = new ArrayList<>();
            for (int m = 0; m < metrics.size(); m++) {
                boolean conversion = true;
                for (Map<String, UnitValues> map : units) {
                    for (UnitValues values : map.values()) {
                        if (values.has(m) && values.sums[m] != 0 && values.sums[m] != 1) {
                            conversion = false;
                        }
                    }
                }
                List<Sample> samples = new ArrayList<>();
                for (Map<String, UnitValues> map : units) {
                    Welford welford = new Welford();
                    long n = 0;
                    long successes = 0;
                    for (UnitValues values : map.values()) {
                        if (values.has(m)) {
                            welford.add(values.sums[m]);
                            n++;
                            successes += values.sums[m] == 1 ? 1 : 0;
                        }
                    }
                    samples.add(conversion ? Sample.ofConversions(successes, n) : welford.sample());
                }
                data.add(new Observations.MetricData(metrics.get(m), conversion, samples));
            }
            List<Observations.Health> health = new ArrayList<>();
            for (int v = 0; v < k; v++) {
                long requests = errorRows[v] > 0 ? errorRows[v] : latencyCounts[v];
                OptionalDouble errorRate = errorRows[v] > 0 ? OptionalDouble.of((double) errors[v] / errorRows[v]) : OptionalDouble.empty();
                OptionalDouble p99 = OptionalDouble.empty();
                if (latencyCounts[v] > 0) {
                    double[] sorted = latencies.get(v);
                    Arrays.sort(sorted, 0, latencyCounts[v]);
                    p99 = OptionalDouble.of(Quantiles.linear(sorted, latencyCounts[v], 0.99));
                }
                health.add(new Observations.Health(requests, errorRate, p99));
            }
            return new Observations(variantNames, unitCounts, data, health, unitsInSeveralVariants());
        }

        private long unitsInSeveralVariants() {
            Map<String, Integer> seen = new HashMap<>();
            for (Map<String, UnitValues> map : units) {
                for (String unit : map.keySet()) {
                    seen.merge(unit, 1, Integer::sum);
                }
            }
            return seen.values().stream().filter(count -> count > 1).count();
        }
    }

    /** One unit's per-metric values: sums, or for conversions the maximum. */
    private static final class UnitValues {
        double[] sums = new double[1];
        long present;

        boolean has(int metric) {
            return (present & 1L << metric) != 0;
        }

        void add(int metric, double value, boolean anyOf) {
            if (metric >= sums.length) {
                sums = Arrays.copyOf(sums, Math.max(metric + 1, sums.length * 2));
            }
            if (!has(metric)) {
                sums[metric] = value;
                present |= 1L << metric;
            } else {
                sums[metric] = anyOf ? Math.max(sums[metric], value) : sums[metric] + value;
            }
        }
    }
}
