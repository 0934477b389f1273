package dev.mlops.training.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Stratified, seeded splits of row indices. Rows are grouped by label (labels in sorted order),
 * each group is shuffled by a Fisher-Yates pass driven by {@link SplittableRandom} with the seed,
 * and the groups are cut; the resulting index lists are sorted, so rows keep their data order.
 */
public final class Splits {

    private Splits() {
    }

    /**
     * A train/test split.
     *
     * @param train row indices to train on, ascending
     * @param test row indices held out, ascending
     */
    public record Split(int[] train, int[] test) {
    }

    /**
     * Holds out {@code round(n × fraction)} rows of each label with n rows, at least one when
     * n ≥ 2 and always leaving at least one for training (a label with one row is training-only).
     *
     * @param labels the label of every row of the data
     * @param rows the rows to split (those with a label)
     */
    public static Split stratified(List<String> labels, int[] rows, double fraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int[] group : groups(labels, rows).values()) {
            shuffle(group, random);
            int n = group.length;
            int held = n < 2 ? 0 : (int) Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
            for (int i = 0; i < n; i++) {
                (i < held ? test : train).add(group[i]);
            }
        }
        return new Split(sorted(train), sorted(test));
    }

    /**
     * Stratified k-fold: within each label the shuffled rows are dealt to the folds in turn,
     * continuing where the previous label stopped, so fold sizes differ by at most one.
     *
     * @return k splits whose test parts partition {@code rows}
     */
    public static List<Split> folds(List<String> labels, int[] rows, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (int[] group : groups(labels, rows).values()) {
            shuffle(group, random);
            for (int row : group) {
                folds.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        List<Split> splits = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            for (int g = 0; g < k; g++) {
                if (g != f) {
                    train.addAll(folds.get(g));
                }
            }
            splits.add(new Split(sorted(train), sorted(folds.get(f))));
        }
        return splits;
    }

    private static Map<String, int[]> groups(List<String> labels, int[] rows) {
        Map<String, List<Integer>> byLabel = new TreeMap<>();
        for (int row : rows) {
            byLabel.computeIfAbsent(labels.get(row), l -> new ArrayList<>()).add(row);
        }
        Map<String, int[]> groups = new TreeMap<>();
        byLabel.forEach((label, list) -> groups.put(label, list.stream().mapToInt(Integer::intValue).toArray()));
        return groups;
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static int[] sorted(List<Integer> values) {
        int[] array = values.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(array);
        return array;
    }
}
