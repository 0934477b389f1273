package dev.mlops.onnx;

import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The test models of src/test/python/make_models.py: ONNX graphs of scikit-learn classifiers, with
 * scikit-learn's predict_proba of the first {@value #EXPECTED_ROWS} rows of their data.
 */
enum OnnxModels {
    /** LogisticRegression on credit-g: named string, int64, float and double inputs; a ZipMap output. */
    CREDIT_LINEAR("credit-linear", "credit-g.csv", "class"),
    /** RandomForestClassifier on breast-cancer: one float tensor with feature_names; a probability tensor. */
    CANCER_FOREST("cancer-forest", "breast-cancer.csv", "diagnosis");

    /** Rows with expected probabilities. */
    static final int EXPECTED_ROWS = 300;

    private final String name;
    private final String data;
    private final String label;

    OnnxModels(String name, String data, String label) {
        this.name = name;
        this.data = data;
        this.label = label;
    }

    /** The .onnx file's bytes. */
    byte[] bytes() {
        return resource(name + ".onnx");
    }

    /** The labelled data set it was fitted on. */
    LabeledData data() {
        return LabeledData.fromCsv(TestData.file(data), label);
    }

    /** Its first {@link #EXPECTED_ROWS} rows. */
    DataTable expectedRows() {
        int[] rows = new int[EXPECTED_ROWS];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r;
        }
        return data().table().rows(rows);
    }

    /** The header of the expected probabilities: p_LABEL per label. */
    List<String> expectedLabels() {
        return List.of(lines().get(0).split(",")).stream().map(h -> h.substring(2)).toList();
    }

    /** scikit-learn's probabilities per row, in the order of {@link #expectedLabels()}. */
    double[][] expected() {
        List<String> lines = lines();
        double[][] p = new double[lines.size() - 1][];
        for (int r = 1; r < lines.size(); r++) {
            p[r - 1] = java.util.Arrays.stream(lines.get(r).split(",")).mapToDouble(Double::parseDouble).toArray();
        }
        return p;
    }

    private List<String> lines() {
        return new ArrayList<>(List.of(new String(resource(name + ".expected.csv"),
                java.nio.charset.StandardCharsets.UTF_8).split("\n")));
    }

    /** A file beside the models, such as the malformed ones. */
    static byte[] resource(String file) {
        try (InputStream in = OnnxModels.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + file + "; run src/test/python/make_models.py");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
