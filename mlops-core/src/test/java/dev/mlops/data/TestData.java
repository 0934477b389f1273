package dev.mlops.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled data sets, found through the {@code mlops.data.dir} system property. */
public final class TestData {

    private TestData() {
    }

    /** A file of the data directory, which must exist. */
    public static Path file(String name) {
        String dir = System.getProperty("mlops.data.dir");
        if (dir == null) {
            throw new IllegalStateException("system property mlops.data.dir is not set (the parent pom sets it for Surefire)");
        }
        Path path = Path.of(dir, name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist");
        }
        return path;
    }

    /** data/breast-cancer.csv, label {@code diagnosis}. */
    public static LabeledData breastCancer() {
        return LabeledData.fromCsv(file("breast-cancer.csv"), "diagnosis");
    }

    /** data/credit-g.csv, label {@code class}. */
    public static LabeledData creditG() {
        return LabeledData.fromCsv(file("credit-g.csv"), "class");
    }
}
