package dev.mlops.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTablesTest {

    static DataTable parse(String csv, Set<String> categorical) {
        return CsvTables.read(new StringReader(csv), "test.csv", categorical, Map.of());
    }

    @Test
    void infersTypesAndReadsEmptyCellsAsMissing() {
        DataTable table = parse("a,b,c\n1,x,\n2.5e1,\"y, with comma\",3\n,\"say \"\"hi\"\"\",-4\n", Set.of());
        assertThat(table.rowCount()).isEqualTo(3);
        assertThat(table.type("a")).contains(FeatureType.NUMERIC);
        assertThat(table.numeric("a").orElseThrow()).containsExactly(1.0, 25.0, Double.NaN);
        assertThat(table.categorical("b").orElseThrow()).containsExactly("x", "y, with comma", "say \"hi\"");
        assertThat(table.numeric("c").orElseThrow()).containsExactly(Double.NaN, 3.0, -4.0);
    }

    @Test
    void aColumnListedAsCategoricalStaysCategoricalAndNaNTextIsNotANumber() {
        DataTable table = parse("zip,n\n01234,NaN\n98765,1\n", Set.of("zip"));
        assertThat(table.categorical("zip").orElseThrow()).containsExactly("01234", "98765");
        assertThat(table.type("n")).contains(FeatureType.CATEGORICAL);
    }

    @Test
    void blankLinesAreSkippedUnlessTheFileHasOneColumn() {
        assertThat(parse("a,b\n1,2\n\n3,4\n", Set.of()).rowCount()).isEqualTo(2);
        assertThat(parse("a\n1\n\n3\n", Set.of()).numeric("a").orElseThrow()).containsExactly(1.0, Double.NaN, 3.0);
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnName() {
        assertThat(parse("\uFEFFa,b\n1,2\n", Set.of()).columnNames()).containsExactly("a", "b");
    }

    @Test
    void raggedRowsAreReportedWithFileAndLine() {
        assertThatThrownBy(() -> parse("a,b\n1,2\n3\n", Set.of()))
            .isInstanceOf(DataException.class)
            .hasMessageContaining("test.csv").hasMessageContaining("line 3").hasMessageContaining("expected 2 cells, found 1");
    }

    @Test
    void lineNumbersCountFromTheStartOfTheBadRecord() {
        assertThatThrownBy(() -> parse("a,b\n\"x\ny\",2\n3", Set.of()))
            .hasMessageContaining("line 4").hasMessageContaining("found 1");
        assertThatThrownBy(() -> CsvTables.read(new StringReader("a,b\n\"x\ny\",2\nz,oops\n"), "q.csv", Set.of(),
            Map.of("a", FeatureType.CATEGORICAL, "b", FeatureType.NUMERIC)))
            .isInstanceOf(DataException.class).hasMessage("q.csv: line 4, column 'b': not a number: 'oops'");
        assertThatThrownBy(() -> parse("a\n1\n2\nx y\n", Set.of("b")))
            .hasMessageContaining("'b'");
    }

    @Test
    void brokenQuotingIsAnInputError() {
        assertThatThrownBy(() -> parse("a,b\n1,\"open\n", Set.of()))
            .isInstanceOf(DataException.class).hasMessageContaining("test.csv").hasMessageContaining("malformed CSV");
    }

    @Test
    void headerProblemsAreInputErrors() {
        assertThatThrownBy(() -> parse("a,a\n1,2\n", Set.of())).isInstanceOf(DataException.class)
            .hasMessageContaining("line 1");
        assertThatThrownBy(() -> parse("a,b\n1,2\n", Set.of("zzz"))).isInstanceOf(DataException.class)
            .hasMessageContaining("'zzz'");
    }

    @Test
    void currentDataIsReadWithTheReferenceTypesNamingABadCell(@TempDir Path dir) throws Exception {
        Path reference = Files.writeString(dir.resolve("ref.csv"), "x,c\n1,a\n2,b\n");
        Path current = Files.writeString(dir.resolve("cur.csv"), "x,c\n1,7\nabc,8\n");
        DataTable like = CsvTables.read(reference, Set.of());
        DataException e = (DataException) org.assertj.core.api.Assertions.catchThrowable(
            () -> CsvTables.readLike(current, like));
        assertThat(e.getMessage()).contains("cur.csv").contains("line 3").contains("column 'x'").contains("'abc'");
        assertThat(e.line()).hasValue(3);
        assertThat(e.column()).contains("x");
        Files.writeString(current, "x,c\n1,7\n2,8\n");
        assertThat(CsvTables.readLike(current, like).type("c")).contains(FeatureType.CATEGORICAL);
    }

    @Test
    void aMissingFileIsAnInputErrorNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> CsvTables.read(dir.resolve("none.csv"), Set.of()))
            .isInstanceOf(DataException.class).hasMessageContaining("none.csv");
    }

    @Test
    void readsTheSharedDataSets() {
        DataTable credit = CsvTables.read(TestData.file("credit-g.csv"), Set.of());
        assertThat(credit.rowCount()).isEqualTo(1000);
        long numeric = credit.columnNames().stream().filter(c -> credit.type(c).orElseThrow() == FeatureType.NUMERIC).count();
        assertThat(numeric).isEqualTo(7);
        DataTable cancer = CsvTables.read(TestData.file("breast-cancer.csv"), Set.of());
        assertThat(cancer.rowCount()).isEqualTo(569);
        assertThat(cancer.columnNames()).hasSize(31);
        assertThat(cancer.select(List.of("mean_radius")).columnNames()).containsExactly("mean_radius");
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirLine(@TempDir Path dir) throws Exception {
        byte[] latin1 = "name,city\nann,Paris\nb\u00e9a,Z\u00fcrich\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("latin1.csv"), latin1);
        DataException e = (DataException) org.assertj.core.api.Assertions.catchThrowable(
            () -> CsvTables.read(file, Set.of()));
        assertThat(e.getMessage()).isEqualTo(file + ": line 3: not UTF-8: byte 0xE9 cannot start or continue a"
            + " UTF-8 character (Latin-1 or Windows-1252 text?); save the file as UTF-8");
        assertThat(e.line()).hasValue(3);
        assertThatThrownBy(() -> CsvTables.read(latin1, "bytes.csv", Set.of(), Map.of()))
            .hasMessageStartingWith("bytes.csv: line 3: not UTF-8");
        byte[] utf16 = "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_16);
        assertThatThrownBy(() -> CsvTables.read(utf16, "wide.csv", Set.of(), Map.of()))
            .hasMessage("wide.csv: line 1: not UTF-8: the file starts with the byte order mark of UTF-16; save it as UTF-8");
    }

    @Test
    void textBeyondTheFirstBlockAndSupplementaryCharactersReadWhole(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append(",caf\u00e9 \ud83d\ude00 ").append(i % 7).append('\n');
        }
        Path file = Files.writeString(dir.resolve("big.csv"), csv);
        DataTable table = CsvTables.read(file, Set.of());
        assertThat(table.rowCount()).isEqualTo(20_000);
        assertThat(table.categorical("label").orElseThrow().get(19_999)).isEqualTo("caf\u00e9 \ud83d\ude00 " + 19_999 % 7);
    }

    @Test
    void aFileIsReadInBatchesOfItsWantedColumnsInOrder(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("rows.csv"), "skip,x,c\nq,1,a\nq,2,b\n\nq,,c\nq,4,d\nq,5,e\n");
        List<DataTable> batches = new java.util.ArrayList<>();
        long rows = CsvTables.readBatches(file, Map.of("x", FeatureType.NUMERIC, "c", FeatureType.CATEGORICAL), 2,
            batches::add);
        assertThat(rows).isEqualTo(5);
        assertThat(batches).extracting(DataTable::rowCount).containsExactly(2, 2, 1);
        assertThat(batches.get(1).columnNames()).containsExactlyInAnyOrder("x", "c");
        assertThat(batches.get(1).numeric("x").orElseThrow()).containsExactly(Double.NaN, 4.0);
        assertThat(batches.get(2).categorical("c").orElseThrow()).containsExactly("e");
        assertThatThrownBy(() -> CsvTables.readBatches(file, Map.of("y", FeatureType.NUMERIC), 2, b -> { }))
            .isInstanceOf(DataException.class).hasMessageContaining("line 1, column 'y': column missing");
        Files.writeString(file, "x\n1\n2\n3\nthree\n");
        List<DataTable> before = new java.util.ArrayList<>();
        assertThatThrownBy(() -> CsvTables.readBatches(file, Map.of("x", FeatureType.NUMERIC), 2, before::add))
            .hasMessage(file + ": line 5, column 'x': not a number: 'three'");
        assertThat(before).hasSize(1);
        assertThat(CsvTables.readBatches(Files.writeString(file, "x\n"), Map.of("x", FeatureType.NUMERIC), 2,
            before::add)).isZero();
    }
}
