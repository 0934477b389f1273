package dev.mlops.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledDataTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the bundled CSV files read with their label counts and column types")
    void readsRealData() {
        LabeledData cancer = TestData.breastCancer();
        assertThat(cancer.rowCount()).isEqualTo(569);
        assertThat(cancer.labelCounts()).containsExactly(Map.entry("benign", 357L), Map.entry("malignant", 212L));
        assertThat(cancer.featureColumns()).hasSize(30).doesNotContain("diagnosis");

        LabeledData credit = TestData.creditG();
        assertThat(credit.labelCounts()).containsExactly(Map.entry("bad", 300L), Map.entry("good", 700L));
        assertThat(credit.table().type("purpose")).contains(FeatureType.CATEGORICAL);
        assertThat(credit.table().type("age")).contains(FeatureType.NUMERIC);
    }

    @Test
    @DisplayName("the fingerprint of a file is the SHA-256 of its bytes")
    void fingerprintIsFileDigest() throws IOException, NoSuchAlgorithmException {
        Path file = TestData.file("credit-g.csv");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(TestData.creditG().fingerprint()).isEqualTo(expected);
    }

    @Test
    @DisplayName("a numeric label column is read as text exactly as written")
    void numericLabelsStayText() throws IOException {
        Path file = write("x,y\n1.5,1\n2.5,0\n3.5,1.0\n");
        LabeledData data = LabeledData.fromCsv(file, "y");
        assertThat(data.labels()).containsExactly("1", "0", "1.0");
    }

    @Test
    @DisplayName("a missing label column is named, with the columns there are")
    void missingLabelColumn() throws IOException {
        Path file = write("a,b\n1,2\n");
        assertThatThrownBy(() -> LabeledData.fromCsv(file, "label"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'label'").hasMessageContaining("[a, b]");
    }

    @Test
    @DisplayName("malformed CSV is reported with file, line and column")
    void malformedCsv() throws IOException {
        Path ragged = write("a,b,y\n1,2,x\n3,y\n");
        assertThatThrownBy(() -> LabeledData.fromCsv(ragged, "y"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(ragged.toString()).hasMessageContaining("line 3")
                .satisfies(e -> assertThat(((InputException) e).line()).hasValue(3));
    }

    @Test
    @DisplayName("in-memory rows: numbers make numeric columns, anything else categories, null is missing")
    void fromRows() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("age", 31);
        first.put("plan", "pro");
        first.put("churned", "no");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("age", null);
        second.put("plan", 3);
        second.put("churned", "yes");
        LabeledData data = LabeledData.fromRows(List.of(first, second), "churned");
        DataTable table = data.table();
        assertThat(table.type("age")).contains(FeatureType.NUMERIC);
        assertThat(table.numeric("age").orElseThrow()[1]).isNaN();
        assertThat(table.categorical("plan").orElseThrow()).containsExactly("pro", "3");
        assertThat(data.labels()).containsExactly("no", "yes");
        assertThat(data.fingerprint()).hasSize(64).isEqualTo(LabeledData.fromRows(List.of(first, second), "churned").fingerprint());
    }

    @Test
    @DisplayName("categorical columns can be forced, and unknown ones are named")
    void forcedCategorical() throws IOException {
        Path file = write("zip,y\n10115,a\n80331,b\n");
        assertThat(LabeledData.fromCsv(file, "y", Set.of("zip")).table().type("zip")).contains(FeatureType.CATEGORICAL);
        assertThatThrownBy(() -> LabeledData.fromCsv(file, "y", Set.of("postcode")))
                .isInstanceOf(InputException.class).hasMessageContaining("postcode");
    }

    private Path write(String csv) throws IOException {
        Path file = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }
}
