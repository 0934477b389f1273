package dev.mlops.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.TribuoFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.Model;
import org.tribuo.classification.Label;

@DisplayName("The demo's bundled data and models")
class BundledModelsTest {

    private static final DemoData DATA = DemoData.load();

    private static Model<Label> load(BundledModel bundled) {
        return TribuoFormat.of(Label.class).read(bundled.artifact());
    }

    private static double accuracy(Model<Label> model) {
        long correct = DATA.rows().stream()
                .filter(r -> model.predict(DATA.unlabelled(r)).getOutput().getLabel()
                        .equals(r.label()))
                .count();
        return (double) correct / DATA.rows().size();
    }

    @Test
    @DisplayName("the bundled CSV is the repository's data set: 569 rows, 30 features, two labels")
    void data() throws Exception {
        Path original = Path.of(System.getProperty("mlops.data.dir", "../data"), "breast-cancer.csv");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(original)));
        assertThat(DATA.sha256()).isEqualTo(sha256);
        assertThat(DATA.rows()).hasSize(569);
        assertThat(DATA.featureNames()).hasSize(30).startsWith("mean_radius");
        assertThat(DATA.rows()).extracting(DemoData.Row::label).containsOnly("malignant", "benign");
        assertThat(DATA.rows().stream().filter(DemoData.Row::heldOut)).hasSize(114);
    }

    @Test
    @DisplayName("the attribution travels with the data")
    void attribution() throws Exception {
        try (var in = DemoData.class.getResourceAsStream("/dev/mlops/cli/demo/data/README.md")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("Breast Cancer Wisconsin", "CC BY 4.0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BundledModel.FIRST, BundledModel.SECOND})
    @DisplayName("each bundled model loads from Tribuo protobuf and is more than 90% accurate")
    void accurate(String id) {
        BundledModel bundled = BundledModel.load(id);
        assertThat(accuracy(load(bundled))).isGreaterThan(0.9);
        assertThat(bundled.card().metrics().get("accuracy")).isGreaterThan(0.9);
    }

    @ParameterizedTest
    @ValueSource(strings = {BundledModel.FIRST, BundledModel.SECOND})
    @DisplayName("the generator reproduces each bundled model: same probabilities, same card metrics")
    void reproducible(String id) {
        BundledModel bundled = BundledModel.load(id);
        DemoModelGenerator.Spec spec = DemoModelGenerator.SPECS.stream()
                .filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        Model<Label> retrained = DemoModelGenerator.train(spec, DATA);
        Model<Label> shipped = load(bundled);
        for (DemoData.Row row : DATA.rows()) {
            Map<String, Label> expected = shipped.predict(DATA.unlabelled(row)).getOutputScores();
            Map<String, Label> actual = retrained.predict(DATA.unlabelled(row)).getOutputScores();
            assertThat(actual.get("malignant").getScore()).as("line %d", row.line())
                    .isCloseTo(expected.get("malignant").getScore(), within(1e-12));
        }
        Map<String, Double> metrics = DemoModelGenerator.evaluate(retrained, DATA, true);
        assertThat(metrics).isEqualTo(bundled.card().metrics());
    }

    @ParameterizedTest
    @ValueSource(strings = {BundledModel.FIRST, BundledModel.SECOND})
    @DisplayName("each bundled model comes with its Tribuo provenance as JSON")
    void provenance(String id) throws Exception {
        JsonNode provenance = new ObjectMapper().readTree(BundledModel.load(id).provenance());
        assertThat(provenance.isArray()).isTrue();
        assertThat(provenance.toString()).contains(
                "org.tribuo.classification.sgd.linear.LinearSGDTrainer",
                "breast-cancer.csv sha256=" + DATA.sha256());
    }
}
