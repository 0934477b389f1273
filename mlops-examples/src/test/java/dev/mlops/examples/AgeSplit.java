package dev.mlops.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** credit-g split by age, a realistic covariate shift: applicants under 30 against the others. */
final class AgeSplit {

    private AgeSplit() {
    }

    /**
     * Writes {@code under-30.csv} and {@code 30-and-over.csv} into {@code dir}.
     *
     * @return the two files, under 30 first
     */
    static Path[] write(Path credit, Path dir) throws IOException {
        List<String> lines = Files.readAllLines(credit, StandardCharsets.UTF_8);
        int age = List.of(lines.get(0).split(",")).indexOf("age");
        List<String> under = new ArrayList<>(List.of(lines.get(0)));
        List<String> over = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            // credit-g quotes no field, so the age is the age-th comma-separated cell
            (Integer.parseInt(line.split(",")[age]) < 30 ? under : over).add(line);
        }
        return new Path[] {Files.write(dir.resolve("under-30.csv"), under),
            Files.write(dir.resolve("30-and-over.csv"), over)};
    }
}
