package dev.mlops.validation.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Classifier;
import dev.mlops.model.Metric;
import dev.mlops.model.MetricSummary;
import dev.mlops.model.Predictions;
import dev.mlops.validation.PermutationImportance;
import dev.mlops.validation.PermutationImportance.FeatureImportance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Computes {@link PermutationImportance}. */
public final class Permutations {

    private Permutations() {
    }

    /** See {@link PermutationImportance#of}. */
    public static PermutationImportance importance(Classifier model, LabeledData data, Metric metric, int repeats,
            long seed) {
        int[] labeled = IntStream.range(0, data.rowCount()).filter(r -> !data.labels().get(r).isEmpty()).toArray();
        if (labeled.length == 0) {
            throw new DataException(data.source(), 0, data.labelColumn(), "no row has a label to measure importance with");
        }
        List<String> actual = IntStream.of(labeled).mapToObj(r -> data.labels().get(r)).toList();
        for (String label : actual) {
            if (!model.labels().contains(label)) {
                throw new DataException(data.source(), 0, data.labelColumn(), "label '" + label
                        + "' is not one the model predicts: " + model.labels());
            }
        }
        return importance(model, data.table().rows(labeled), data.source(), actual, metric, repeats, seed);
    }

    /** Permutation importance on rows that all have labels. */
    public static PermutationImportance importance(Classifier model, DataTable table, String source, List<String> actual,
            Metric metric, int repeats, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        List<String> columns = List.copyOf(model.featureColumns().keySet());
        List<String> absent = columns.stream().filter(c -> table.type(c).isEmpty()).toList();
        if (!absent.isEmpty()) {
            throw new DataException(source, 0, absent.get(0), "missing feature column; the model needs " + columns);
        }
        DataTable features = table.select(columns);
        double baseline = score(model, features, source, actual, metric);
        double sign = metric.higherIsBetter() ? 1 : -1;
        SplittableRandom random = new SplittableRandom(seed);
        List<FeatureImportance> result = new ArrayList<>();
        for (String column : columns) {
            double[] drops = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                DataTable shuffled = withColumn(features, column, shuffle(table.rowCount(), random));
                drops[i] = sign * (baseline - score(model, shuffled, source, actual, metric));
            }
            // population standard deviation, numpy's default as scikit-learn reports it
            MetricSummary summary = MetricSummary.of(drops);
            result.add(new FeatureImportance(column, summary.mean(), summary.std()));
        }
        result.sort(Comparator.comparingDouble((FeatureImportance f) -> Double.isNaN(f.importance())
                ? Double.NEGATIVE_INFINITY : f.importance()).reversed());
        return new PermutationImportance(metric, baseline, repeats, seed, result);
    }

    private static double score(Classifier model, DataTable table, String source, List<String> actual, Metric metric) {
        Predictions predictions = model.predict(table, source);
        return ClassificationMetrics.of(predictions, actual).get(metric);
    }

    /** A uniformly random order of {@code n} rows (Fisher–Yates). */
    static int[] shuffle(int n, SplittableRandom random) {
        int[] order = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The table with one column's values taken in the given row order, the others as they are. */
    static DataTable withColumn(DataTable table, String column, int[] order) {
        DataTable moved = table.select(List.of(column)).rows(order);
        DataTable.Builder builder = DataTable.builder();
        for (String name : table.columnNames()) {
            DataTable from = name.equals(column) ? moved : table;
            if (from.numeric(name).isPresent()) {
                builder.numeric(name, from.numeric(name).orElseThrow());
            } else {
                builder.categorical(name, from.categorical(name).orElseThrow());
            }
        }
        return builder.build();
    }
}
