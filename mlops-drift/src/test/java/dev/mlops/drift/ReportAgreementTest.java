package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.CsvTables;
import dev.mlops.data.DataTable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole {@code mlops drift} JSON document, value by value, against an independent Python
 * implementation of the documented conventions (scipy/numpy, see
 * {@code src/test/python/generate_reference_values.py}), on real data split by an attribute.
 */
class ReportAgreementTest {

    static Stream<Arguments> reports() throws IOException {
        try (InputStream in = ReportAgreementTest.class.getResourceAsStream("/scipy/reference-values.json")) {
            List<Arguments> list = new ArrayList<>();
            for (JsonNode report : new ObjectMapper().readTree(in).get("reports")) {
                list.add(Arguments.of(report.get("name").asText(), report));
            }
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void jsonDocumentMatchesTheIndependentImplementation(String name, JsonNode expected) throws IOException {
        DataTable table = CsvTables.read(TestTables.data(expected.get("file").asText()), Set.of());
        double[] split = table.numeric(expected.get("column").asText()).orElseThrow();
        double threshold = expected.get("threshold").asDouble();
        DataTable reference = TestTables.rows(table, r -> !(split[r] < threshold));
        DataTable current = TestTables.rows(table, r -> split[r] < threshold);

        JsonNode actual = new ObjectMapper().readTree(DriftDetector.compare(reference, current, DriftConfig.defaults()).toJson());

        assertThat(actual.get("features")).hasSize(expected.get("features").size());
        for (int i = 0; i < expected.get("features").size(); i++) {
            JsonNode e = expected.get("features").get(i);
            JsonNode a = actual.get("features").get(i);
            String feature = e.get("name").asText();
            assertThat(a.get("name").asText()).isEqualTo(feature);
            assertThat(a.get("type").asText()).as(feature).isEqualTo(e.get("type").asText());
            for (String count : List.of("nReference", "nCurrent", "missingReference", "missingCurrent")) {
                assertThat(a.get(count).asLong()).as(feature + " " + count).isEqualTo(e.get(count).asLong());
            }
            assertThat(a.get("tests")).as(feature).hasSize(e.get("tests").size());
            for (int t = 0; t < e.get("tests").size(); t++) {
                JsonNode et = e.get("tests").get(t);
                JsonNode at = a.get("tests").get(t);
                String what = feature + " " + et.get("method").asText();
                assertThat(at.get("method").asText()).as(what).isEqualTo(et.get("method").asText());
                assertThat(Math.abs(at.get("statistic").asDouble() - et.get("statistic").asDouble()))
                    .as(what + " statistic").isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(et.get("statistic").asDouble())));
                if (et.get("pValue").isNull()) {
                    assertThat(at.get("pValue").isNull()).as(what + " pValue null").isTrue();
                } else {
                    double p = et.get("pValue").asDouble();
                    assertThat(Math.abs(at.get("pValue").asDouble() - p)).as(what + " pValue").isLessThanOrEqualTo(1e-6 * p);
                }
            }
            assertThat(a.get("severity").asText()).isIn("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");
            assertThat(a.get("drifted").isBoolean()).isTrue();
        }
        assertThat(actual.get("drifted").isBoolean()).isTrue();
        assertThat(actual.get("driftedShare").asDouble()).isBetween(0.0, 1.0);
    }
}
