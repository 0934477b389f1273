package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Prediction;
import dev.mlops.online.OnlineLearner;
import dev.mlops.online.OnlineSchema;
import dev.mlops.online.Strategy;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.util.List;

/**
 * A model that keeps learning in production: examples learned through a queue, predictions from an immutable
 * snapshot, labels that
 * arrive later joined to their predictions, retraining when a trigger fires, and a checkpoint of the
 * whole state. Arguments: a store directory and the data directory holding {@code breast-cancer.csv}.
 */
public final class OnlineLearning {

    private OnlineLearning() {
    }

    public static void main(String[] args) {
        LabeledData cancer = LabeledData.fromCsv(Path.of(args[1], "breast-cancer.csv"), "diagnosis");
        DataTable rows = cancer.table();
        OnlineSchema schema = OnlineSchema.of("diagnosis", List.of("benign", "malignant"),
                List.of("mean_radius", "mean_texture", "mean_smoothness", "worst_concave_points"));
        try (ModelRegistry registry = ModelRegistries.open("file:" + Path.of(args[0]));
             OnlineLearner learner = OnlineLearner.builder(schema).strategy(Strategy.ADAPTIVE)
                     .registry(registry).name("cancer").build()) {
            learner.addListener(event -> System.out.println(event));   // decisions with their reasons
            for (int i = 0; i < 400; i++) {
                learner.learn(rows.row(i), cancer.labels().get(i));  // bounded queue to the one writer thread
            }
            learner.flush();                                           // until the writer has learned them
            for (int i = 400; i < rows.rowCount(); i++) {
                String request = "req-" + i;
                Prediction p = learner.predict(request, rows.row(i));  // from an immutable snapshot; never blocks
                if (i % 100 == 0) {
                    System.out.println(request + ": " + p.label());
                }
                learner.label(request, cancer.labels().get(i));       // a delayed label, joined to its prediction
            }
            learner.flush();
            System.out.println("prequential accuracy " + learner.metrics().accuracy());
            ModelVersion checkpoint = learner.checkpoint("nightly");  // the whole state; restores bit for bit
            System.out.println("checkpoint " + checkpoint.ref());
        }
    }
}
