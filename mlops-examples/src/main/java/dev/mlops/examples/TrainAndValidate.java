package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Search;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.ProtectedGroup;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A training job with a hyperparameter search, registered with its metrics, lineage and drift
 * profile, then validated on rows it never saw with value, robustness, fairness and latency checks,
 * and the report written as a page. Arguments: a store directory, the data directory holding
 * {@code credit-g.csv}, and the HTML file to write.
 */
public final class TrainAndValidate {

    private TrainAndValidate() {
    }

    public static void main(String[] args) throws IOException {
        DataTable rows = LabeledData.fromCsv(Path.of(args[1], "credit-g.csv"), "class").table();
        LabeledData train = LabeledData.of(rows.rows(IntStream.range(0, 800).toArray()), "class", "credit-g 1-800");
        int[] last200 = IntStream.range(800, 1000).toArray();
        LabeledData holdout = LabeledData.of(rows.rows(last200), "class", "credit-g 801-1000");
        try (ModelRegistry registry = ModelRegistries.open("file:" + Path.of(args[0]));
             Trainer trainer = Trainer.builder().registry(registry).build()) {
            TrainingSpec spec = TrainingSpec.builder(Algorithm.LOGISTIC)     // or CART, RANDOM_FOREST, XGBOOST
                    .search(Search.grid(Map.of("learningRate", List.of("0.01", "0.1")), Metric.AUC))
                    .registerAs("credit")            // model, metrics, params, lineage, drift profile, job record
                    .build();
            TrainingResult result = trainer.train(train, spec,
                    job -> System.err.println(job.progress() + "% " + job.step()));   // progress as it goes
            System.out.println(result.toJson());         // the `mlops train` document
            ModelVersion version = result.version().orElseThrow();
            String ref = version.ref().toString();       // credit:1

            ValidationReport report = Validator.builder()
                    .atLeast(Metric.AUC, 0.7).minRows(100)
                    .noise(0.1, Metric.AUC, 0.02).missingValues(0.1, Metric.AUC, 0.05)
                    .fairness(ProtectedGroup.atLeast("age", 25), "good")  // the favorable outcome for the applicant
                    .latency(Duration.ofMillis(5))                        // p99 of one row, after a warm-up
                    .build()
                    .validate(Classifiers.load(registry, ref), ref, holdout);
            report.attachTo(registry, version.name(), version.version());   // JSON evidence, which ValidationGate reads
            System.out.println(report.toText());
            Files.writeString(Path.of(args[2]), report.toHtml());   // checks, confusion matrix, ROC, fairness bars
        }
    }
}
