package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.data.UnitHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossProcessTest {

    @Test
    @DisplayName("another JVM with another platform charset assigns every unit, non-ASCII ones included, the same way")
    void sameInEveryProcess(@TempDir Path dir) throws Exception {
        Experiment experiment = Experiment.builder("cross", "cross-ü-2024").variant("a", "m:1", 1).variant("b", "m:2", 2)
            .variant("c", "m:3", 1).build();
        Path experimentFile = dir.resolve("exp.json");
        ExperimentFiles.write(experimentFile, experiment);
        List<String> units = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            units.add(switch (i % 4) {
                case 0 -> "user-" + i;
                case 1 -> "usér-" + i + "-ünïcødé";
                case 2 -> "用户-" + i;
                default -> "user-😀-" + i;
            });
        }
        Path unitsFile = dir.resolve("units.txt");
        Files.write(unitsFile, units, StandardCharsets.UTF_8);

        StringBuilder expected = new StringBuilder();
        Assigner assigner = Assigner.of(experiment);
        for (String unit : units) {
            expected.append(UnitHash.slot(unit, experiment.seed())).append(',').append(assigner.assign(unit)).append('\n');
        }
        for (String charset : new String[] {"ISO-8859-1", "UTF-8"}) {
            assertThat(child(charset, experimentFile, unitsFile)).as("file.encoding=%s", charset).isEqualTo(expected.toString());
        }
    }

    private static String child(String charset, Path experiment, Path units) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Dfile.encoding=" + charset, "-Dsun.jnu.encoding=" + charset,
            "-cp", System.getProperty("java.class.path"), AssignWorker.class.getName(), experiment.toString(), units.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out;
    }
}
