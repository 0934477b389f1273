package dev.mlops.cli.demo;

import dev.mlops.data.LabeledData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data set bundled with the command, Breast Cancer Wisconsin (Diagnostic): 569 rows of 30
 * numeric features and a {@code diagnosis} of {@code malignant} or {@code benign} (UCI Machine
 * Learning Repository, CC BY 4.0; see {@code data/README.md} next to it in the jar), written to
 * two files: every fifth line held out for validation and simulated traffic, the rest for
 * training.
 *
 * @param training the training file
 * @param holdout the held-out file
 * @param holdoutData the held-out rows, read
 */
record DemoData(Path training, Path holdout, LabeledData holdoutData) {

    /** Where the CSV lies on the class path. */
    static final String RESOURCE = "/dev/mlops/cli/demo/data/breast-cancer.csv";

    /** The label column. */
    static final String LABEL = "diagnosis";

    /** Writes the two files into {@code directory} and reads the held-out one. */
    static DemoData writeTo(Path directory) {
        List<String> lines;
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        List<String> training = new ArrayList<>(List.of(lines.get(0)));
        List<String> holdout = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            // the file line number is i + 1; a fixed split, so that every run tells the same story
            ((i + 1) % 5 == 0 ? holdout : training).add(lines.get(i));
        }
        try {
            Path trainingFile = Files.write(directory.resolve("breast-cancer-train.csv"), training);
            Path holdoutFile = Files.write(directory.resolve("breast-cancer-holdout.csv"), holdout);
            return new DemoData(trainingFile, holdoutFile, LabeledData.fromCsv(holdoutFile, LABEL));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's data files to " + directory, e);
        }
    }

    /** The held-out rows as column-to-value maps, as a service would pass them to a model. */
    List<Map<String, Object>> holdoutRows() {
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (String column : holdoutData.featureColumns()) {
            columns.put(column, holdoutData.table().numeric(column).orElseThrow());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < holdoutData.rowCount(); r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> column : columns.entrySet()) {
                row.put(column.getKey(), column.getValue()[r]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The true diagnosis of each held-out row. */
    List<String> holdoutLabels() {
        return holdoutData.table().categorical(LABEL).orElseThrow();
    }

    /** The feature columns other than {@code kept}: those to exclude to train on {@code kept}. */
    Set<String> featuresExcept(Set<String> kept) {
        Set<String> excluded = new LinkedHashSet<>(holdoutData.featureColumns());
        excluded.removeAll(kept);
        return excluded;
    }
}
