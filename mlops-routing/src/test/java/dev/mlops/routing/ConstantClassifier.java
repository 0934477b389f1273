package dev.mlops.routing;

import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.model.Classifier;
import dev.mlops.model.ClassifierFormat;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A classifier that predicts one of the labels {@code no}, {@code yes} with certainty, whatever the
 * row: enough to see which variant's model served a request. Its artifact is the label's UTF-8
 * bytes, registered with the format {@value Format#NAME} (found through {@code META-INF/services}).
 *
 * @param label the label it always predicts
 */
record ConstantClassifier(String label) implements Classifier {

    static final List<String> LABELS = List.of("no", "yes");

    ConstantClassifier {
        if (!LABELS.contains(label)) {
            throw new IllegalArgumentException("label must be one of " + LABELS + ", got " + label);
        }
    }

    /** The artifact of a model that always predicts {@code label}. */
    static byte[] artifact(String label) {
        return label.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public Optional<String> positiveClass() {
        return Optional.of("yes");
    }

    @Override
    public Map<String, FeatureType> featureColumns() {
        return Map.of();
    }

    @Override
    public Prediction predict(Map<String, ?> row) {
        return predictions(1).get(0);
    }

    @Override
    public Predictions predict(DataTable table, String source) {
        return predictions(table.rowCount());
    }

    private Predictions predictions(int rows) {
        double[][] p = new double[rows][];
        for (int r = 0; r < rows; r++) {
            p[r] = label.equals("yes") ? new double[] {0, 1} : new double[] {1, 0};
        }
        return new Predictions(LABELS, positiveClass(), p);
    }

    /** Reads {@link #artifact} bytes. */
    public static final class Format implements ClassifierFormat<ConstantClassifier> {

        static final String NAME = "test-constant";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public ConstantClassifier read(byte[] verifiedBytes) {
            return new ConstantClassifier(new String(verifiedBytes, StandardCharsets.UTF_8));
        }
    }
}
