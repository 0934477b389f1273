package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A training job with a hyperparameter search, registered with its metrics, lineage and drift
 * profile, then validated with value, robustness, fairness and latency checks. Arguments: a store
 * directory and the data directory holding {@code credit-g.csv}.
 */
public final class TrainAndValidate {

    private TrainAndValidate() {
    }

    public static void main(String[] args) {
        LabeledData data = LabeledData.fromCsv(Path.of(args[1], "credit-g.csv"), "class");
        try (ModelRegistry registry = ModelRegistries.open("file:" + Path.of(args[0]));
             Trainer trainer = Trainer.builder().registry(registry).build()) {
            TrainingResult result = trainer.train(data, TrainingSpec.builder(Algorithm.LOGISTIC)  // or CART, RANDOM_FOREST, XGBOOST
                    .search(Search.grid(Map.of("learningRate", List.of("0.01", "0.1")), Metric.AUC))
                    .registerAs("credit")                 // model, metrics, params, lineage, drift profile, job record
                    .build(), job -> System.err.println(job.progress() + "% " + job.step()));
            System.out.println(result.toJson());         // the `mlops train` document
            ModelVersion version = result.version().orElseThrow();

            ValidationReport report = Validator.builder()
                    .atLeast(Metric.AUC, 0.7).minRows(100)
                    .noise(0.1, Metric.AUC, 0.02).missingValues(0.1, Metric.AUC, 0.05)
                    .fairness(ProtectedGroup.atLeast("age", 25), "good")  // the favorable outcome for the applicant
                    .latency(Duration.ofMillis(5))
                    .build()
                    .validate(Classifiers.load(registry, version.ref().toString()), version.ref().toString(), data);
            report.attachTo(registry, version.name(), version.version());  // JSON evidence; toHtml() for people
            System.out.println(report.toText());
        }
    }
}
