package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops predict} on a file far larger than the heap of the process predicting it: the rows are
 * read, predicted and written batch by batch, in input order.
 */
@DisplayName("mlops predict streams")
class PredictStreamingIT {

    private static final Path CANCER = Path.of(System.getProperty("mlops.data.dir"), "breast-cancer.csv");
    private static final long TARGET_BYTES = 200L << 20;

    @TempDir
    Path dir;

    @Test
    @DisplayName("a 200 MiB CSV is predicted by a JVM with a 128 MiB heap, every row, in input order")
    void largeFile() throws Exception {
        MlopsProcess mlops = new MlopsProcess(dir);
        mlops.run("train", "--data", CANCER.toString(), "--label", "diagnosis", "--register", "cancer")
                .expect(0);
        List<String> lines = Files.readAllLines(CANCER);
        List<String> rows = lines.subList(1, lines.size());
        Path small = dir.resolve("once.csv");
        Files.write(small, lines);
        Path big = dir.resolve("big.csv");
        long copies = 0;
        try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            out.write(lines.get(0));
            out.write('\n');
            while (Files.size(big) < TARGET_BYTES) {
                for (String row : rows) {
                    out.write(row);
                    out.write('\n');
                }
                copies++;
                out.flush();
            }
        }
        long size = Files.size(big);

        List<String> once = mlops.run("predict", "cancer:1", "--data", small.toString()).expect(0).out()
                .lines().toList();
        Path predictions = dir.resolve("predictions.csv");
        long start = System.nanoTime();
        mlops.heap("128m").run("predict", "cancer:1", "--data", big.toString(), "--out",
                predictions.toString()).expect(0);
        double seconds = (System.nanoTime() - start) / 1e9;

        long count = 0;
        try (BufferedReader in = Files.newBufferedReader(predictions, StandardCharsets.UTF_8)) {
            assertThat(in.readLine()).isEqualTo(once.get(0));
            List<String> copy = new ArrayList<>(rows.size());
            for (String line; (line = in.readLine()) != null; ) {
                copy.add(line);
                count++;
                if (copy.size() == rows.size()) {
                    // every copy of the file's rows is predicted as the file alone was, in order
                    assertThat(copy).as("copy %d", count / rows.size()).isEqualTo(once.subList(1, once.size()));
                    copy.clear();
                }
            }
            assertThat(copy).isEmpty();
        }
        assertThat(count).isEqualTo(copies * rows.size());
        System.out.printf("PredictStreamingIT: %.0f MiB, %d rows predicted with -Xmx128m in %.1f s%n",
                size / 1048576.0, count, seconds);
    }
}
