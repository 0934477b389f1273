package dev.mlops.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One of the small Tribuo classifiers bundled for the demo, trained on {@link DemoData} by
 * {@code DemoModelGenerator} (in the tests), with what the demo records when it registers it.
 *
 * @param id the resource name, e.g. {@code breast-cancer-1}
 * @param artifact the model in Tribuo's protobuf format
 * @param provenance Tribuo's model provenance as JSON
 * @param card what the generator recorded about the model
 */
public record BundledModel(String id, byte[] artifact, String provenance, Card card) {

    /** Logistic regression on all 30 features. */
    public static final String FIRST = "breast-cancer-1";

    /** Logistic regression on the ten "worst_" features. */
    public static final String SECOND = "breast-cancer-2";

    /** Where the files lie on the class path. */
    static final String DIRECTORY = "/dev/mlops/cli/demo/";

    /** The extension of the artifact, the provenance and the card. */
    static final String ARTIFACT = ".tribuo";
    static final String PROVENANCE = ".provenance.json";
    static final String CARD = ".card.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * What is known about a bundled model.
     *
     * @param description one sentence
     * @param params the training parameters
     * @param metrics the evaluation on the held-out rows
     */
    public record Card(String description, Map<String, String> params, Map<String, Double> metrics) {

        public Card {
            params = Map.copyOf(params);
            metrics = Map.copyOf(metrics);
        }
    }

    /** Reads a bundled model from the class path. */
    public static BundledModel load(String id) {
        try {
            Card card = MAPPER.readValue(read(id + CARD), Card.class);
            return new BundledModel(id, read(id + ARTIFACT),
                    new String(read(id + PROVENANCE), StandardCharsets.UTF_8), card);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model " + id, e);
        }
    }

    private static byte[] read(String file) throws IOException {
        try (InputStream in = BundledModel.class.getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException(DIRECTORY + file + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }
}
