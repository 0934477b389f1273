package dev.mlops.training.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** 70 "good", 30 "bad", 1 "odd", interleaved. */
    private static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            labels.add(i % 10 < 3 ? "bad" : "good");
        }
        labels.add("odd");
        return labels;
    }

    private static long count(List<String> labels, int[] rows, String label) {
        return Arrays.stream(rows).filter(r -> labels.get(r).equals(label)).count();
    }

    @Test
    @DisplayName("a split keeps each class's share, partitions the rows, and depends only on the seed")
    void stratified() {
        List<String> labels = labels();
        int[] all = IntStream.range(0, labels.size()).toArray();
        Splits.Split split = Splits.stratified(labels, all, 0.2, 11);
        assertThat(count(labels, split.test(), "good")).isEqualTo(14);
        assertThat(count(labels, split.test(), "bad")).isEqualTo(6);
        assertThat(count(labels, split.test(), "odd")).as("a single row trains").isZero();
        int[] both = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.test())).sorted().toArray();
        assertThat(both).isEqualTo(all);
        assertThat(split.train()).isSorted();
        assertThat(Splits.stratified(labels, all, 0.2, 11).test()).isEqualTo(split.test());
        assertThat(Splits.stratified(labels, all, 0.2, 12).test()).isNotEqualTo(split.test());
    }

    @Test
    @DisplayName("k folds partition the rows, each with the classes in proportion and sizes within one")
    void folds() {
        List<String> labels = labels();
        int[] rows = IntStream.range(0, 100).toArray();
        List<Splits.Split> folds = Splits.folds(labels, rows, 5, 3);
        assertThat(folds).hasSize(5);
        List<Integer> tested = new ArrayList<>();
        for (Splits.Split fold : folds) {
            assertThat(fold.test()).hasSize(20);
            assertThat(count(labels, fold.test(), "bad")).isEqualTo(6);
            assertThat(fold.train().length + fold.test().length).isEqualTo(100);
            Arrays.stream(fold.test()).forEach(tested::add);
        }
        assertThat(tested).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).boxed().toList());
        assertThat(Splits.folds(labels, rows, 5, 3).get(2).test()).isEqualTo(folds.get(2).test());
    }
}
