package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX models through the built command in child JVMs, whose shaded jar must carry ONNX Runtime's
 * native library: the test models and scikit-learn's probabilities of mlops-onnx.
 */
@DisplayName("mlops with ONNX models")
class OnnxModelsIT {

    private static final Path DATA = Path.of(System.getProperty("mlops.data.dir"));
    private static final Path MODELS = DATA.resolveSibling("mlops-onnx/src/test/resources/dev/mlops/onnx");

    @TempDir
    Path dir;

    @Test
    @DisplayName("register --format-name onnx, then predict as scikit-learn did and validate")
    void registerPredictValidate() throws Exception {
        MlopsProcess mlops = new MlopsProcess(dir);
        JsonNode version = mlops.run("models", "register", "credit", "--artifact",
                MODELS.resolve("credit-linear.onnx").toString(), "--format-name", "onnx", "--format", "json")
                .expect(0).json();
        assertThat(version.get("version").asInt()).isEqualTo(1);

        List<String> predictions = mlops.run("predict", "credit:1", "--data", DATA.resolve("credit-g.csv").toString())
                .expect(0).out().lines().toList();
        assertThat(predictions.get(0)).isEqualTo("prediction,p_bad,p_good");
        assertThat(predictions).hasSize(1001);
        List<String> expected = Files.readAllLines(MODELS.resolve("credit-linear.expected.csv"));
        assertThat(expected.get(0)).isEqualTo("p_bad,p_good");
        for (int r = 1; r < expected.size(); r++) {
            String[] cells = predictions.get(r).split(",");
            double[] p = Arrays.stream(expected.get(r).split(",")).mapToDouble(Double::parseDouble).toArray();
            assertThat(Double.parseDouble(cells[1])).as("row %d", r).isCloseTo(p[0], within(1e-5));
            assertThat(Double.parseDouble(cells[2])).as("row %d", r).isCloseTo(p[1], within(1e-5));
            assertThat(cells[0]).isEqualTo(p[0] > p[1] ? "bad" : "good");
        }

        JsonNode report = mlops.run("validate", "credit:1", "--data", DATA.resolve("credit-g.csv").toString(),
                "--label", "class", "--min", "auc=0.75", "--format", "json").expect(0).json();
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("checks").get(0).get("value").asDouble()).isGreaterThan(0.75);
    }

    @Test
    @DisplayName("a missing input column exits 2 naming it; a truncated or foreign file is not registered (exit 2)")
    void badInput() throws Exception {
        MlopsProcess mlops = new MlopsProcess(dir);
        mlops.run("models", "register", "cancer", "--artifact", MODELS.resolve("cancer-forest.onnx").toString(),
                "--format-name", "onnx").expect(0);
        List<String> lines = Files.readAllLines(DATA.resolve("breast-cancer.csv"));
        Path partial = dir.resolve("partial.csv");
        Files.write(partial, lines.stream().map(l -> l.substring(l.indexOf(',') + 1)).toList());
        MlopsProcess.Result missing = mlops.run("predict", "cancer:1", "--data", partial.toString()).expect(2);
        assertThat(missing.err()).contains("mean_radius").doesNotContain("Exception");

        byte[] onnx = Files.readAllBytes(MODELS.resolve("cancer-forest.onnx"));
        Path truncated = Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(onnx, onnx.length / 3));
        MlopsProcess.Result refused = mlops.run("models", "register", "cancer", "--artifact", truncated.toString(),
                "--format-name", "onnx").expect(2);
        assertThat(refused.err()).contains("truncated.onnx").contains("not a valid 'onnx' model")
                .doesNotContain("Exception");
        Path csv = DATA.resolve("credit-g.csv");
        mlops.run("models", "register", "cancer", "--artifact", csv.toString(), "--format-name", "onnx").expect(2);
        assertThat(mlops.run("models", "list", "cancer", "--format", "json").expect(0).json()).hasSize(1);
    }
}
