package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Text output")
class TextTest {

    @Test
    @DisplayName("tables align their columns and leave no trailing blanks")
    void table() {
        String table = Text.table(List.of("A", "LONG HEADER", "C"),
                List.of(List.of("wide cell", "x", ""), List.of("y", "z", "last")));
        assertThat(table).isEqualTo(""
                + "A          LONG HEADER  C\n"
                + "wide cell  x\n"
                + "y          z            last");
    }

    @Test
    @DisplayName("sizes use binary units with one decimal")
    void sizes() {
        assertThat(Text.size(0)).isEqualTo("0 B");
        assertThat(Text.size(1023)).isEqualTo("1023 B");
        assertThat(Text.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Text.size(32L << 20)).isEqualTo("32.0 MiB");
        assertThat(Text.size(3L << 30)).isEqualTo("3.0 GiB");
    }

    @Test
    @DisplayName("pairs are sorted by key")
    void pairs() {
        assertThat(Text.pairs(Map.of("b", 2, "a", 1))).isEqualTo("a=1 b=2");
        assertThat(Text.pairs(Map.of())).isEqualTo("-");
    }

    @Test
    @DisplayName("control characters and text-reordering characters become visible escapes, in every table cell")
    void printable() {
        assertThat(Text.printable("plain \u00e9 \ud83d\ude00")).isEqualTo("plain \u00e9 \ud83d\ude00");
        assertThat(Text.printable("a\nb\r\tc\u001b[31m\u0000\u007f\u009b"))
                .isEqualTo("a\\nb\\r\\tc\\u001b[31m\\u0000\\u007f\\u009b");
        assertThat(Text.printable("evil\u202egnp.exe \u200b \u2028")).isEqualTo("evil\\u202egnp.exe \\u200b \\u2028");
        String table = Text.table(List.of("K", "V"), List.of(List.of("k", "line\nforged  row")));
        assertThat(table.lines()).hasSize(2);
        assertThat(table).endsWith("line\\nforged  row");
    }
}
