package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.Analysis;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.Promotion;
import dev.mlops.routing.Router;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * An A/B test of two registered classifiers: each user is routed to one variant, sticky, and counts
 * as converted when the decision made for them was right; the analysis names a winner, which the
 * {@code champion} alias then points at. Arguments: a store directory and the data directory
 * holding {@code credit-g.csv}.
 */
public final class AbTest {

    private AbTest() {
    }

    public static void main(String[] args) {
        LabeledData credit = LabeledData.fromCsv(Path.of(args[1], "credit-g.csv"), "class");
        try (ModelRegistry registry = ModelRegistries.open("file:" + Path.of(args[0]))) {
            try (Trainer trainer = Trainer.builder().registry(registry).build()) {
                // credit:1, the model serving today, and credit:2, a candidate
                trainer.train(credit, TrainingSpec.builder(Algorithm.CART).param("maxDepth", "1")
                        .registerAs("credit").build());
                trainer.train(credit, TrainingSpec.builder(Algorithm.LOGISTIC).registerAs("credit").build());
            }
            Experiment experiment = Experiment.builder("credit-ab", "credit-ab-2026")
                    .variant("control", "credit:1", 50)
                    .variant("treatment", "credit:2", 50)
                    .build();
            try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), experiment).build()) {
                DataTable applicants = credit.table();
                for (int i = 0; i < 4_000; i++) {
                    String user = "user-" + i;
                    int applicant = i % applicants.rowCount();
                    Map<String, Object> row = applicants.row(applicant);
                    // per request: one hash, one table lookup, one counter; the model comes from the registry's cache
                    Prediction p = router.predict(user, model -> model.predict(row));
                    // once per unit, when its outcome is known
                    router.recordConversion(router.variantOf(user), p.label().equals(credit.labels().get(applicant)));
                }
                Analysis analysis = router.analyze();                          // continue | winner | rollback, any time
                System.out.println(analysis.decision());
                router.promoteWinner(analysis, Promotion.alias("champion"))    // an alias move in the audit log
                        .ifPresent(v -> System.out.println("champion is now " + v.ref()));
            }
        }
    }
}
