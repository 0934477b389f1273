package dev.mlops.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.drift.internal.Binning;
import dev.mlops.drift.internal.TwoSample;
import dev.mlops.stats.ChiSquareTests;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * One feature's values of one window, summarized so that summaries from many instances and windows
 * merge into the summary of their union: the drift a fleet sees, not one instance's share of it.
 *
 * <ul>
 *   <li><b>Exact after merging</b>: counts per reference bin (the profile's decile bins for a
 *       numeric feature, one per category for a categorical one) and missing counts add, so PSI,
 *       Jensen-Shannon and the chi-square test of the merged summary equal those of the union's
 *       values, computed as {@link DriftDetector} computes them.</li>
 *   <li><b>Bounded after merging</b>: KS and Wasserstein need the values' distribution, kept as a
 *       seeded uniform sample of at most {@code capacity} values (Algorithm R within a window; two
 *       samples merge into a uniform sample of the union by drawing how many come from each side
 *       from the hypergeometric distribution). While a summary holds at most {@code capacity}
 *       values the sample is every value, and both are exact. Beyond, by the
 *       Dvoretzky-Kiefer-Wolfowitz inequality (which a sample without replacement satisfies too),
 *       with probability at least 1 − δ the sample's distribution function is within
 *       ε = √(ln(2/δ) / (2k)) of the values' everywhere (k the sample size), so the KS statistic
 *       against the reference is off by at most ε ({@link #ksErrorBound}) and the Wasserstein
 *       distance by at most (max − min) · ε ({@link #wassersteinErrorBound}).</li>
 * </ul>
 *
 * @param feature    the feature's name
 * @param count      values seen, missing ones included
 * @param missing    missing values (NaN, or an empty category)
 * @param bins       numeric: counts per reference bin; categorical: empty
 * @param categories categorical: counts per category; numeric: empty
 * @param min        the smallest non-missing value (numeric; NaN without one)
 * @param max        the largest non-missing value
 * @param sample     numeric: a uniform sample of the non-missing values, sorted
 * @param capacity   the largest sample kept
 */
public record FeatureSummary(String feature, long count, long missing, long[] bins, Map<String, Long> categories,
                             double min, double max, double[] sample, int capacity) {

    /** The sample capacity used unless told otherwise: ε ≈ 0.030 at δ = 0.001. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** Copies the arrays and the map. */
    public FeatureSummary {
        bins = bins.clone();
        categories = java.util.Collections.unmodifiableMap(new TreeMap<>(categories));
        sample = sample.clone();
        if (capacity < 1 || sample.length > capacity) {
            throw new IllegalArgumentException("sample of " + sample.length + " values over capacity " + capacity);
        }
    }

    /**
     * The summary of a numeric feature's window; {@code NaN} is missing.
     *
     * @param seed seeds the sample; summaries merge into the same sample whatever process made them
     */
    public static FeatureSummary numeric(NumericProfile profile, double[] values, int capacity, long seed) {
        long[] bins = new long[profile.binCountsView().length];
        int missing = profile.countBins(values, values.length, bins);
        double[] sample = new double[Math.min(capacity, values.length - missing)];
        SplittableRandom random = new SplittableRandom(seed);
        double min = Double.NaN;
        double max = Double.NaN;
        long seen = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            min = seen == 0 ? v : Math.min(min, v);
            max = seen == 0 ? v : Math.max(max, v);
            if (seen < capacity) {
                sample[(int) seen] = v;
            } else {
                long j = random.nextLong(seen + 1);
                if (j < capacity) {
                    sample[(int) j] = v;
                }
            }
            seen++;
        }
        Arrays.sort(sample);
        return new FeatureSummary(profile.name(), values.length, missing, bins, Map.of(), min, max, sample, capacity);
    }

    /** The summary of a categorical feature's window; the empty string is missing. */
    public static FeatureSummary categorical(CategoricalProfile profile, String[] values) {
        Map<String, Long> counts = new TreeMap<>();
        long missing = 0;
        for (String v : values) {
            if (v.isEmpty()) {
                missing++;
            } else {
                counts.merge(v, 1L, Long::sum);
            }
        }
        return new FeatureSummary(profile.name(), values.length, missing, new long[0], counts, Double.NaN, Double.NaN,
            new double[0], 1);
    }

    /**
     * This summary and {@code other} as one, as if their values had been summarized together.
     *
     * @param seed seeds the choice of sampled values; the same seed gives the same merge
     * @throws IllegalArgumentException if the summaries are of different features or shapes
     */
    public FeatureSummary plus(FeatureSummary other, long seed) {
        if (!feature.equals(other.feature) || bins.length != other.bins.length || capacity != other.capacity) {
            throw new IllegalArgumentException("summaries of '" + feature + "' and '" + other.feature + "' do not merge");
        }
        long[] b = bins.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += other.bins[i];
        }
        Map<String, Long> c = new TreeMap<>(categories);
        other.categories.forEach((k, v) -> c.merge(k, v, Long::sum));
        long present = count - missing;
        long otherPresent = other.count - other.missing;
        return new FeatureSummary(feature, count + other.count, missing + other.missing, b, c,
            present == 0 ? other.min : otherPresent == 0 ? min : Math.min(min, other.min),
            present == 0 ? other.max : otherPresent == 0 ? max : Math.max(max, other.max),
            mergeSamples(sample, present, other.sample, otherPresent, capacity, seed), capacity);
    }

    /** A uniform sample of the union of two populations from uniform samples of each. */
    private static double[] mergeSamples(double[] a, long na, double[] b, long nb, int capacity, long seed) {
        if (na + nb <= capacity) {
            double[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            Arrays.sort(all);
            return all;
        }
        Well19937c random = new Well19937c(seed);
        int fromA = new HypergeometricDistribution(random, (int) Math.min(Integer.MAX_VALUE, na + nb),
            (int) Math.min(Integer.MAX_VALUE, na), capacity).sample();
        fromA = Math.min(fromA, a.length);
        int fromB = Math.min(capacity - fromA, b.length);
        double[] out = new double[fromA + fromB];
        SplittableRandom pick = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        int k = 0;
        for (double v : choose(a, fromA, pick)) {
            out[k++] = v;
        }
        for (double v : choose(b, fromB, pick)) {
            out[k++] = v;
        }
        Arrays.sort(out);
        return out;
    }

    /** {@code m} of the values, uniformly without replacement (a partial Fisher-Yates shuffle). */
    private static double[] choose(double[] values, int m, SplittableRandom random) {
        double[] copy = values.clone();
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(copy.length - i);
            double t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return Arrays.copyOf(copy, m);
    }

    /**
     * Merges summaries in order, each merge seeded from {@code seed} and its position.
     *
     * @throws IllegalArgumentException if the list is empty or the summaries do not merge
     */
    public static FeatureSummary merge(List<FeatureSummary> parts, long seed) {
        FeatureSummary merged = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            merged = merged.plus(parts.get(i), seed * 31 + i);
        }
        return merged;
    }

    private long present() {
        return count - missing;
    }

    private void requireValues(FeatureProfile profile) {
        if (profile.present() == 0 || present() == 0) {
            throw new IllegalArgumentException("feature '" + feature + "' needs a non-missing value on both sides");
        }
    }

    /** PSI on the reference's bins, exactly as for the union's values. */
    public double psi(FeatureProfile profile) {
        requireValues(profile);
        long[][] counts = counts(profile);
        return Binning.psi(counts[0], profile.present(), counts[1], present(), counts[0].length);
    }

    /** Jensen-Shannon distance (base 2) on the reference's bins, exactly as for the union's values. */
    public double jensenShannon(FeatureProfile profile) {
        requireValues(profile);
        long[][] counts = counts(profile);
        return Binning.jensenShannon(counts[0], profile.present(), counts[1], present(), counts[0].length);
    }

    /**
     * The chi-square test of homogeneity of a categorical feature: {statistic, p-value, degrees of
     * freedom}, exactly as for the union's values.
     */
    public double[] chiSquare(CategoricalProfile profile) {
        requireValues(profile);
        long[][] counts = counts(profile);
        double[] out = new double[3];
        ChiSquareTests.homogeneity(counts[0], counts[1], counts[0].length, out);
        return out;
    }

    /** Reference and current counts on one index: the reference's categories, then unseen ones sorted. */
    private long[][] counts(FeatureProfile profile) {
        if (profile instanceof NumericProfile numeric) {
            return new long[][] {numeric.binCountsView(), bins};
        }
        CategoricalProfile categorical = (CategoricalProfile) profile;
        Map<String, Integer> index = new LinkedHashMap<>();
        categorical.frequencies().keySet().forEach(c -> index.put(c, index.size()));
        new TreeSet<>(categories.keySet()).forEach(c -> index.putIfAbsent(c, index.size()));
        long[] reference = new long[index.size()];
        long[] current = new long[index.size()];
        categorical.frequencies().forEach((c, n) -> reference[index.get(c)] = n);
        categories.forEach((c, n) -> current[index.get(c)] = n);
        return new long[][] {reference, current};
    }

    /** The KS statistic of the sample against the reference (exact while the sample is every value). */
    public double ks(NumericProfile profile) {
        requireValues(profile);
        TwoSample.KsOutcome out = new TwoSample.KsOutcome();
        TwoSample.ks(profile.sortedView(), profile.sortedView().length, sample, sample.length, out);
        return out.statistic;
    }

    /** The Wasserstein-1 distance of the sample to the reference (exact while the sample is every value). */
    public double wasserstein(NumericProfile profile) {
        requireValues(profile);
        return TwoSample.wasserstein(profile.sortedView(), profile.sortedView().length, sample, sample.length);
    }

    /** Whether the sample holds every non-missing value, so that KS and Wasserstein are exact. */
    public boolean exact() {
        return sample.length == present();
    }

    /** ε: with probability at least 1 − δ, {@link #ks} is within ε of the statistic of every value. */
    public double ksErrorBound(double delta) {
        return exact() ? 0 : Math.sqrt(Math.log(2 / delta) / (2.0 * sample.length));
    }

    /** With probability at least 1 − δ, {@link #wasserstein} is within this of the distance of every value. */
    public double wassersteinErrorBound(double delta) {
        return exact() ? 0 : (max - min) * ksErrorBound(delta);
    }

    /** The summary as JSON (doubles written so that they read back exactly). */
    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("feature", feature).put("count", count).put("missing", missing)
            .put("capacity", capacity);
        ArrayNode b = node.putArray("bins");
        for (long v : bins) {
            b.add(v);
        }
        ObjectNode c = node.putObject("categories");
        categories.forEach(c::put);
        if (!Double.isNaN(min)) {
            node.put("min", min).put("max", max);
        }
        ArrayNode s = node.putArray("sample");
        for (double v : sample) {
            s.add(v);
        }
        return node;
    }

    /**
     * Reads {@link #toJson}.
     *
     * @throws IllegalArgumentException if the node is not a summary
     */
    public static FeatureSummary fromJson(JsonNode node) {
        try {
            long[] bins = new long[node.required("bins").size()];
            for (int i = 0; i < bins.length; i++) {
                bins[i] = node.get("bins").get(i).asLong();
            }
            Map<String, Long> categories = new TreeMap<>();
            node.required("categories").fields().forEachRemaining(e -> categories.put(e.getKey(), e.getValue().asLong()));
            double[] sample = new double[node.required("sample").size()];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = node.get("sample").get(i).asDouble();
            }
            return new FeatureSummary(node.required("feature").asText(), node.required("count").asLong(),
                node.required("missing").asLong(), bins, categories, node.has("min") ? node.get("min").asDouble() : Double.NaN,
                node.has("max") ? node.get("max").asDouble() : Double.NaN, sample, node.required("capacity").asInt());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a feature summary: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSummary s && feature.equals(s.feature) && count == s.count && missing == s.missing
            && Arrays.equals(bins, s.bins) && categories.equals(s.categories) && Double.compare(min, s.min) == 0
            && Double.compare(max, s.max) == 0 && Arrays.equals(sample, s.sample) && capacity == s.capacity;
    }

    @Override
    public int hashCode() {
        return 31 * feature.hashCode() + Arrays.hashCode(sample);
    }

    @Override
    public String toString() {
        return "FeatureSummary[" + feature + ", " + count + " values, sample " + sample.length + "]";
    }
}
