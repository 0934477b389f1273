package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.model.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.ValidationGate;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The quick start: train candidates, validate each against whatever is in production (nothing, at
 * first), promote those that pass, and serve whichever is in production. Arguments: a store
 * directory (empty or new) and the data directory holding {@code credit-g.csv}.
 */
public final class QuickStart {

    private QuickStart() {
    }

    public static void main(String[] args) {
        DataTable rows = LabeledData.fromCsv(Path.of(args[1], "credit-g.csv"), "class").table();
        int[] first800 = IntStream.range(0, 800).toArray();
        int[] last200 = IntStream.range(800, 1000).toArray();
        LabeledData train = LabeledData.of(rows.rows(first800), "class", "credit-g 1-800");
        LabeledData holdout = LabeledData.of(rows.rows(last200), "class", "credit-g 801-1000");

        try (ModelRegistry registry = ModelRegistries.builder("file:" + Path.of(args[0]))
                     .gate(ValidationGate.requirePassedReport())   // nothing unvalidated reaches PRODUCTION
                     .open();
             Trainer trainer = Trainer.builder().registry(registry).build()) {

            // one gate for every candidate: good enough on its own, and better than what serves when it runs
            Validator validator = Validator.builder()
                    .atLeast(Metric.AUC, 0.7)
                    .champion(registry, "credit@production")   // none yet on a fresh store: comparison skipped
                    .minImprovement(Metric.AUC, 0.005)
                    .build();

            for (Algorithm algorithm : new Algorithm[] {Algorithm.LOGISTIC, Algorithm.RANDOM_FOREST}) {
                TrainingSpec spec = TrainingSpec.builder(algorithm).registerAs("credit").build();
                ModelVersion candidate = trainer.train(train, spec).version().orElseThrow();
                String ref = candidate.ref().toString();                     // credit:1, then credit:2
                ValidationReport report = validator.validate(Classifiers.load(registry, ref), ref, holdout);
                report.attachTo(registry, "credit", candidate.version());   // the evidence the gate reads
                System.out.println(report.toText());
                if (report.passed()) {
                    for (Stage stage : new Stage[] {Stage.TESTING, Stage.STAGING, Stage.PRODUCTION}) {
                        registry.promote("credit", candidate.version(), stage, "validated on " + holdout.source());
                    }
                }
            }

            // per request: a cache hit that follows promotions, also those made by other processes
            Classifier serving = Classifiers.load(registry, "credit@production");
            Map<String, Object> applicant = new HashMap<>(holdout.table().row(0));  // column -> value; others ignored
            applicant.put("savings_status", null);   // a missing value: every feature column needs a key
            Prediction prediction = serving.predict(applicant);
            System.out.println(registry.get("credit@production") + " predicts " + prediction);
        }
    }
}
