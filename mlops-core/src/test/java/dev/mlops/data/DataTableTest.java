package dev.mlops.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DataTableTest {

    private static final DataTable TABLE = DataTable.builder()
            .numeric("age", new double[] {31, Double.NaN, 47.5})
            .categorical("plan", Arrays.asList("pro", null, ""))
            .build();

    @Test
    @DisplayName("rows picks rows in the given order, repeats allowed, every column kept")
    void rows() {
        DataTable picked = TABLE.rows(new int[] {2, 0, 2});
        assertThat(picked.columnNames()).containsExactly("age", "plan");
        assertThat(picked.rowCount()).isEqualTo(3);
        assertThat(picked.numeric("age").orElseThrow()).containsExactly(47.5, 31, 47.5);
        assertThat(picked.categorical("plan").orElseThrow()).containsExactly("", "pro", "");
        assertThat(TABLE.rows(new int[0]).rowCount()).isZero();
        assertThatThrownBy(() -> TABLE.rows(new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    @DisplayName("row gives the values a classifier takes: numbers, text, null for missing")
    void row() {
        Map<String, Object> expected = new HashMap<>();
        expected.put("age", null);
        expected.put("plan", null);
        assertThat(TABLE.row(1)).isEqualTo(expected);
        assertThat(TABLE.row(0)).containsExactly(Map.entry("age", 31.0), Map.entry("plan", "pro"));
        assertThatThrownBy(() -> TABLE.row(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> TABLE.row(0).put("age", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("text writes numbers as labels are written: integral without fraction, missing empty")
    void text() {
        assertThat(TABLE.text("age")).containsExactly("31", "", "47.5");
        assertThat(TABLE.text("plan")).containsExactly("pro", "", "");
        assertThat(DataTable.text(-3.0)).isEqualTo("-3");
        assertThat(DataTable.text(1e15)).isEqualTo("1.0E15");
        assertThat(DataTable.text(Double.NaN)).isEmpty();
        assertThatThrownBy(() -> TABLE.text("zip")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'zip'").hasMessageContaining(List.of("age", "plan").toString());
    }
}
