package dev.mlops.drift;

import dev.mlops.data.FeatureType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Reference profile of a categorical feature: the count of every category, and missing values. */
public final class CategoricalProfile implements FeatureProfile {

    private final String name;
    private final long count;
    private final long missing;
    private final Map<String, Long> frequencies;

    private CategoricalProfile(String name, long count, long missing, Map<String, Long> frequencies) {
        this.name = name;
        this.count = count;
        this.missing = missing;
        this.frequencies = frequencies;
    }

    /**
     * Profiles values; {@code null} and empty strings are missing.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public static CategoricalProfile of(String name, String[] values) {
        NumericProfile.requireName(name);
        TreeMap<String, Long> counts = new TreeMap<>();
        long missing = 0;
        for (String v : values) {
            if (v == null || v.isEmpty()) {
                missing++;
            } else {
                counts.merge(v, 1L, Long::sum);
            }
        }
        return new CategoricalProfile(name, values.length, missing, Collections.unmodifiableMap(new LinkedHashMap<>(counts)));
    }

    /**
     * Restores a profile from stored parts.
     *
     * @throws IllegalArgumentException if a count is not positive, a category is empty, or the
     *                                  counts do not add up to {@code count - missing}
     */
    public static CategoricalProfile restore(String name, long count, long missing, Map<String, Long> frequencies) {
        NumericProfile.requireName(name);
        TreeMap<String, Long> counts = new TreeMap<>(frequencies);
        long sum = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey().isEmpty() || e.getValue() <= 0) {
                throw new IllegalArgumentException("feature '" + name + "': bad category count " + e);
            }
            sum += e.getValue();
        }
        if (missing < 0 || sum + missing != count) {
            throw new IllegalArgumentException("feature '" + name + "': counts " + sum + " + missing " + missing + " != " + count);
        }
        return new CategoricalProfile(name, count, missing, Collections.unmodifiableMap(new LinkedHashMap<>(counts)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FeatureType type() {
        return FeatureType.CATEGORICAL;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long missing() {
        return missing;
    }

    /** Count per category, categories in ascending (String) order. */
    public Map<String, Long> frequencies() {
        return frequencies;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalProfile other && name.equals(other.name) && count == other.count
            && missing == other.missing && frequencies.equals(other.frequencies);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + frequencies.hashCode();
    }

    @Override
    public String toString() {
        return "CategoricalProfile[" + name + ", count=" + count + ", missing=" + missing + ", categories=" + frequencies.size() + "]";
    }
}
