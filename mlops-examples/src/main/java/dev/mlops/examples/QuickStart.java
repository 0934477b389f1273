package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.model.Predictions;
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
import java.util.stream.IntStream;

/**
 * The quick start: train a model, validate it, promote it to production, let a challenger try to
 * beat it, and serve whichever is in production. Arguments: a store directory (empty or new) and
 * the data directory holding {@code credit-g.csv}.
 */
public final class QuickStart {

    private QuickStart() {
    }

    public static void main(String[] args) {
        Path store = Path.of(args[0]);
        LabeledData credit = LabeledData.fromCsv(Path.of(args[1], "credit-g.csv"), "class");
        DataTable rows = credit.table();
        LabeledData train = LabeledData.of(rows.rows(IntStream.range(0, 800).toArray()), "class", "credit-g 1-800");
        LabeledData holdout = LabeledData.of(rows.rows(IntStream.range(800, 1000).toArray()), "class", "credit-g 801-1000");

        try (ModelRegistry registry = ModelRegistries.builder("file:" + store)
                     .gate(ValidationGate.requirePassedReport())   // nothing unvalidated reaches PRODUCTION
                     .open();
             Trainer trainer = Trainer.builder().registry(registry).build()) {

            // the first model: validated on its own, then promoted through the stages
            ModelVersion first = trainer.train(train, TrainingSpec.builder(Algorithm.LOGISTIC).registerAs("credit").build())
                    .version().orElseThrow();
            Validator.builder().atLeast(Metric.AUC, 0.7).build()
                    .validate(Classifiers.load(registry, "credit:1"), "credit:1", holdout)
                    .attachTo(registry, "credit", first.version());
            for (Stage stage : new Stage[] {Stage.TESTING, Stage.STAGING, Stage.PRODUCTION}) {
                registry.promote("credit", first.version(), stage, "offline evaluation passed");
            }

            // a challenger replaces it only if it beats the champion on the same rows
            ModelVersion second = trainer.train(train, TrainingSpec.builder(Algorithm.RANDOM_FOREST).registerAs("credit").build())
                    .version().orElseThrow();
            ValidationReport report = Validator.builder()
                    .atLeast(Metric.AUC, 0.7)
                    .champion(Classifiers.load(registry, "credit@production"), "credit@production")
                    .minImprovement(Metric.AUC, 0.005)
                    .build()
                    .validate(Classifiers.load(registry, "credit:2"), "credit:2", holdout);
            report.attachTo(registry, "credit", second.version());
            System.out.println(report.toText());
            if (report.passed()) {
                registry.promote("credit", second.version(), Stage.TESTING, "beats the champion");
                registry.promote("credit", second.version(), Stage.STAGING, "beats the champion");
                registry.promote("credit", second.version(), Stage.PRODUCTION, "beats the champion");
            }

            // per request: a cache hit that follows promotions, also those made by other processes
            Classifier serving = Classifiers.load(registry, "credit@production");
            Predictions predictions = serving.predict(holdout.table(), "holdout");
            System.out.println("credit@production is " + registry.get("credit@production").ref()
                    + "; first holdout row: " + predictions.get(0));
        }
    }
}
