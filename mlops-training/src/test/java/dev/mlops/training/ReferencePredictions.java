package dev.mlops.training;

import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Predictions;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the model predictions that {@code src/test/python/reference_values.py} computes reference
 * metrics, significance and fairness values from. The agreement tests read the same files, so the
 * committed files, not a retrained model, are what both sides see.
 *
 * <pre>
 * ./mvnw -q test-compile -pl mlops-training -am
 * ./mvnw -q dependency:build-classpath -pl mlops-training -Dmdep.outputFile=cp.txt
 * java -cp "mlops-training/target/test-classes:mlops-training/target/classes:$(cat mlops-training/cp.txt)" \
 *     -Dmlops.data.dir=data dev.mlops.training.ReferencePredictions mlops-core/src/test/resources/dev/mlops
 * </pre>
 */
public final class ReferencePredictions {

    private ReferencePredictions() {
    }

    /** Writes the files into {@code args[0]}/model and {@code args[0]}/validation. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        try (Trainer trainer = Trainer.create()) {
            LabeledData cancer = TestData.breastCancer();
            TrainedModel logistic = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).build()).model();
            write(out.resolve("model/predictions-breast-cancer.csv"), cancer, logistic, null, List.of());

            LabeledData credit = TestData.creditG();
            TrainedModel model = trainer.train(credit, TrainingSpec.builder(Algorithm.LOGISTIC).build()).model();
            TrainedModel champion = trainer.train(credit, TrainingSpec.builder(Algorithm.CART).build()).model();
            write(out.resolve("validation/predictions-credit-g.csv"), credit, model, champion,
                    List.of("personal_status", "age", "foreign_worker"));
        }
    }

    private static void write(Path file, LabeledData data, TrainedModel model, TrainedModel champion,
            List<String> extra) throws IOException {
        Predictions p = model.predict(data.table(), data.source());
        Predictions c = champion == null ? null : champion.predict(data.table(), data.source());
        Files.createDirectories(file.getParent());
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build())) {
            csv.print("actual");
            csv.print("prediction");
            for (String label : model.labels()) {
                csv.print("p_" + label);
            }
            if (c != null) {
                csv.print("champion_prediction");
                for (String label : model.labels()) {
                    csv.print("champion_p_" + label);
                }
            }
            for (String column : extra) {
                csv.print(column);
            }
            csv.println();
            for (int r = 0; r < p.size(); r++) {
                csv.print(data.labels().get(r));
                csv.print(p.label(r));
                for (String label : model.labels()) {
                    csv.print(Double.toString(p.probability(r, label)));
                }
                if (c != null) {
                    csv.print(c.label(r));
                    for (String label : model.labels()) {
                        csv.print(Double.toString(c.probability(r, label)));
                    }
                }
                for (String column : extra) {
                    csv.print(data.table().text(column).get(r));
                }
                csv.println();
            }
        }
        System.out.println("wrote " + file + String.format(Locale.ROOT, " (%d rows)", p.size()));
    }
}
