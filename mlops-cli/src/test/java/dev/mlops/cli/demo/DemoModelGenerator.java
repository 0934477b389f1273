package dev.mlops.cli.demo;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.mlops.core.TribuoFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Trains the demo's bundled models on the bundled data and writes, for each, the artifact (Tribuo
 * protobuf), its provenance (JSON) and its card (description, params, held-out metrics) into the
 * resources of {@link BundledModel}. Training is seeded, so the weights come out the same on every
 * run; only the timestamps in the provenance change.
 *
 * <p>Run from the repository root:
 * {@code mvn -q -pl mlops-cli test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.mlops.cli.demo.DemoModelGenerator}
 */
public final class DemoModelGenerator {

    /** Where the bundled models live in the source tree, relative to the module. */
    static final Path RESOURCES = Path.of("src/main/resources/dev/mlops/cli/demo");

    /** The data set's own time, so that the data provenance does not depend on the run. */
    private static final OffsetDateTime DATA_TIME = OffsetDateTime.of(1995, 11, 1, 0, 0, 0, 0,
            ZoneOffset.UTC);

    /**
     * How one bundled model is trained.
     *
     * @param id the resource name
     * @param description one sentence for the registry
     * @param features the features it sees; empty for all
     * @param epochs passes over the training rows
     * @param learningRate AdaGrad's initial learning rate
     * @param seed the shuffling seed
     */
    record Spec(String id, String description, List<String> features, int epochs,
            double learningRate, long seed) {

        List<String> featuresOf(DemoData data) {
            return features.isEmpty() ? data.featureNames() : features;
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec(BundledModel.FIRST, "Logistic regression on all 30 features of the breast"
                    + " cancer data set.", List.of(), 5, 0.5, 1),
            new Spec(BundledModel.SECOND, "Logistic regression on the ten 'worst' features only:"
                    + " smaller, trained longer.", List.of("worst_radius", "worst_texture",
                    "worst_perimeter", "worst_area", "worst_smoothness", "worst_compactness",
                    "worst_concavity", "worst_concave_points", "worst_symmetry",
                    "worst_fractal_dimension"), 10, 0.5, 2));

    /** Sorted keys, so that a regenerated card differs from the committed one only in values. */
    private static final ObjectWriter CARD_WRITER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build()
            .writerWithDefaultPrettyPrinter();

    private DemoModelGenerator() {
    }

    /** Trains one model on the rows that are not held out. */
    static Model<Label> train(Spec spec, DemoData data) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> training = new MutableDataset<>(new SimpleDataSourceProvenance(
                "breast-cancer.csv sha256=" + data.sha256(), DATA_TIME, labels), labels);
        for (DemoData.Row row : data.rows()) {
            if (!row.heldOut()) {
                training.add(data.example(row, spec.featuresOf(data)));
            }
        }
        LinearSGDTrainer sgd = new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(spec.learningRate()), spec.epochs(), -1, 1, spec.seed());
        // the features range from 0.001 to 4000: standardized, one learning rate suits them all
        TransformationMap standardize = new TransformationMap(
                List.of(new MeanStdDevTransformation()));
        return new TransformTrainer<>(sgd, standardize).train(training);
    }

    /** Accuracy and AUC of a model on some rows. */
    static Map<String, Double> evaluate(Model<Label> model, DemoData data, boolean heldOutRows) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> rows = new MutableDataset<>(new SimpleDataSourceProvenance(
                "breast-cancer.csv", DATA_TIME, labels), labels);
        for (DemoData.Row row : data.rows()) {
            if (!heldOutRows || row.heldOut()) {
                Example<Label> example = data.example(row, data.featureNames());
                rows.add(example);
            }
        }
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, rows);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", evaluation.accuracy());
        metrics.put("auc", evaluation.AUCROC(new Label("malignant")));
        return metrics;
    }

    /** Trains every bundled model and writes its files into {@code directory}. */
    static void generate(Path directory) throws IOException {
        DemoData data = DemoData.load();
        Files.createDirectories(directory);
        for (Spec spec : SPECS) {
            Model<Label> model = train(spec, data);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("trainer", "LinearSGDTrainer");
            params.put("transformation", "MeanStdDevTransformation");
            params.put("objective", "LogMulticlass");
            params.put("optimiser", "AdaGrad");
            params.put("learningRate", Double.toString(spec.learningRate()));
            params.put("epochs", Integer.toString(spec.epochs()));
            params.put("seed", Long.toString(spec.seed()));
            params.put("features", Integer.toString(spec.featuresOf(data).size()));
            BundledModel.Card card = new BundledModel.Card(spec.description(), params,
                    evaluate(model, data, true));
            String provenance = new JsonProvenanceSerialization(true)
                    .serializeToString(ProvenanceUtil.marshalProvenance(model.getProvenance()));
            Files.write(directory.resolve(spec.id() + BundledModel.ARTIFACT),
                    TribuoFormat.toBytes(model));
            Files.writeString(directory.resolve(spec.id() + BundledModel.PROVENANCE), provenance + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(spec.id() + BundledModel.CARD),
                    CARD_WRITER.writeValueAsString(card) + "\n", StandardCharsets.UTF_8);
            System.out.println(spec.id() + ": " + card.metrics());
        }
    }

    /** Writes the bundled models into the module's resources, or into the directory given. */
    public static void main(String[] args) throws IOException {
        generate(args.length > 0 ? Path.of(args[0]) : RESOURCES);
    }
}
