package dev.mlops.spring.boot;

import dev.mlops.data.TestData;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Stage;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.util.List;

/**
 * The test services' registry initializer: on an empty store, credit:1 (logistic regression, in
 * production) and credit:2 (a depth-1 tree, alias challenger), trained on the bundled credit-g data.
 */
final class CreditModels implements MlopsRegistryInitializer {

    @Override
    public void initialize(ModelRegistry registry) {
        if (!registry.models().isEmpty()) {
            return;
        }
        try (Trainer trainer = Trainer.builder().registry(registry).build()) {
            trainer.train(TestData.creditG(), TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).registerAs("credit").build());
            trainer.train(TestData.creditG(), TrainingSpec.builder(Algorithm.CART).param("maxDepth", "1").folds(0)
                    .registerAs("credit").build());
        }
        for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
            registry.promote("credit", 1, stage, "test fixture");
        }
        registry.setAlias("credit", "challenger", 2);
    }
}
