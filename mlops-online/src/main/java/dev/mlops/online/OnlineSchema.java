package dev.mlops.online;

import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an online model reads and predicts: numeric feature columns (standardized online by
 * default), categorical columns hashed into a fixed number of buckets, and the labels.
 *
 * <p><b>Hashing.</b> A categorical value {@code v} of column {@code c} sets the bucket
 * {@code XXH64(UTF-8(v), XXH64(UTF-8(c), hashSeed)) mod hashBuckets} (unsigned), computed with
 * {@link dev.mlops.data.UnitHash#xxh64}, so new levels need no vocabulary and memory stays
 * fixed; a missing value is the level {@code ""}. In Python: {@code xxhash.xxh64_intdigest(v.encode(),
 * xxhash.xxh64_intdigest(c.encode(), seed)) % buckets}. Two values in one bucket share a weight.
 *
 * <p><b>Standardization.</b> Each numeric column's count, mean and sum of squared deviations are
 * kept by Welford's update over the values learned from; a value is scaled by the current mean and
 * population standard deviation (1 while fewer than two values, or none vary). A missing numeric
 * value is the current mean (0 after scaling). Without standardization values are used as given
 * (missing ones still take the mean).
 *
 * @param labelColumn the column holding the label
 * @param labels the labels, distinct and sorted; probabilities follow this order
 * @param positiveClass the positive class of a binary model (for metrics), empty for more labels
 * @param numeric the numeric feature columns, in order
 * @param categorical the categorical feature columns, in order
 * @param hashBuckets buckets for categorical values, 1 to 2^24; 0 exactly when there are no categorical columns
 * @param hashSeed seeds the hash
 * @param standardize whether numeric values are standardized online
 */
public record OnlineSchema(String labelColumn, List<String> labels, Optional<String> positiveClass,
        List<String> numeric, List<String> categorical, int hashBuckets, long hashSeed, boolean standardize) {

    /** The most hash buckets allowed. */
    public static final int MAX_BUCKETS = 1 << 24;
    /** The buckets {@link #withCategorical(List)} uses. */
    public static final int DEFAULT_BUCKETS = 1 << 10;

    public OnlineSchema {
        Objects.requireNonNull(labelColumn, "labelColumn");
        labels = Labels.requireValid(labels, positiveClass);
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
        if (numeric.isEmpty() && categorical.isEmpty()) {
            throw new IllegalArgumentException("an online model needs at least one feature column");
        }
        Set<String> names = new HashSet<>();
        for (String column : concat(numeric, categorical)) {
            if (!names.add(column) || column.equals(labelColumn)) {
                throw new IllegalArgumentException("column '" + column + "' appears twice or is the label");
            }
        }
        if (categorical.isEmpty() ? hashBuckets != 0 : hashBuckets < 1 || hashBuckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("hash buckets must be 1 to " + MAX_BUCKETS
                    + " with categorical columns and 0 without, got " + hashBuckets);
        }
    }

    /**
     * Numeric features only, standardized; the positive class of two labels is the one that sorts last.
     *
     * @param labels the labels in any order (sorted here)
     */
    public static OnlineSchema of(String labelColumn, List<String> labels, List<String> numeric) {
        List<String> sorted = labels.stream().sorted().toList();
        return new OnlineSchema(labelColumn, sorted, defaultPositive(sorted), numeric, List.of(), 0, 0, true);
    }

    /**
     * The schema of a table: every column but the label is a feature, numeric columns numeric and
     * the others categorical ({@value #DEFAULT_BUCKETS} buckets); the labels are those present in the
     * label column, and the positive class of two is the rarer one (of equally frequent ones, the one
     * that sorts last), as the trainer chooses it.
     *
     * @throws dev.mlops.data.DataException if there is no such label column or no other column
     * @throws IllegalArgumentException if fewer than two labels occur
     */
    public static OnlineSchema infer(DataTable table, String labelColumn) {
        LabeledData data = LabeledData.of(table, labelColumn, "table");
        Map<String, Long> counts = data.labelCounts();
        List<String> labels = List.copyOf(counts.keySet());
        Optional<String> positive = Optional.empty();
        if (labels.size() == 2) {
            positive = Optional.of(counts.get(labels.get(0)) < counts.get(labels.get(1)) ? labels.get(0) : labels.get(1));
        }
        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        for (String column : data.featureColumns()) {
            (table.type(column).orElseThrow() == FeatureType.NUMERIC ? numeric : categorical).add(column);
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("the label column '" + labelColumn + "' holds fewer than two labels: "
                    + labels);
        }
        return new OnlineSchema(labelColumn, labels, positive, numeric, categorical,
                categorical.isEmpty() ? 0 : DEFAULT_BUCKETS, 0, true);
    }

    /** A copy with these categorical columns hashed into {@value #DEFAULT_BUCKETS} buckets. */
    public OnlineSchema withCategorical(List<String> columns) {
        return withCategorical(columns, DEFAULT_BUCKETS);
    }

    /** A copy with these categorical columns hashed into {@code buckets} buckets. */
    public OnlineSchema withCategorical(List<String> columns, int buckets) {
        return new OnlineSchema(labelColumn, labels, positiveClass, numeric, columns, columns.isEmpty() ? 0 : buckets,
                hashSeed, standardize);
    }

    /** A copy whose binary positive class is {@code label}. */
    public OnlineSchema withPositiveClass(String label) {
        return new OnlineSchema(labelColumn, labels, Optional.of(label), numeric, categorical, hashBuckets, hashSeed,
                standardize);
    }

    /** A copy with another hash seed. */
    public OnlineSchema withHashSeed(long seed) {
        return new OnlineSchema(labelColumn, labels, positiveClass, numeric, categorical, hashBuckets, seed, standardize);
    }

    /** A copy that standardizes numeric features, or not. */
    public OnlineSchema withStandardization(boolean on) {
        return new OnlineSchema(labelColumn, labels, positiveClass, numeric, categorical, hashBuckets, hashSeed, on);
    }

    /** The number of weights per output: numeric columns, hash buckets and the bias. */
    public int dimension() {
        return numeric.size() + hashBuckets + 1;
    }

    /** Every feature column, numeric ones first. */
    public List<String> columns() {
        return concat(numeric, categorical);
    }

    /**
     * The index of a label in {@link #labels()}.
     *
     * @throws IllegalArgumentException for a label the schema does not have
     */
    public int labelIndex(String label) {
        int index = labels.indexOf(label);
        if (index < 0) {
            throw new IllegalArgumentException("label '" + label + "' is not one of " + labels);
        }
        return index;
    }

    private static Optional<String> defaultPositive(List<String> sorted) {
        return sorted.size() == 2 ? Optional.of(sorted.get(1)) : Optional.empty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
