package dev.mlops.examples.scoring;

import dev.mlops.data.CsvTables;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Metric;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.spring.boot.MlopsRegistryInitializer;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Seeds an empty store before anything uses it: trains {@code credit} twice on the bundled credit-g
 * data (logistic regression and a random forest, each registered with its test metrics, lineage and
 * drift profile), promotes the one with the higher test AUC to production and points the alias
 * {@code challenger} at the other, so that the experiment {@code credit-ab} (control
 * {@code credit@production}, treatment {@code credit@challenger}, 50/50) has both. A store that
 * already has {@code credit} is left as it is.
 */
@Component
public class CreditModels implements MlopsRegistryInitializer {

    private static final Logger log = LoggerFactory.getLogger(CreditModels.class);

    /** The model this service scores with. */
    public static final String MODEL = "credit";
    /** The alias of the version the experiment's treatment serves. */
    public static final String CHALLENGER = "challenger";

    @Override
    public void initialize(ModelRegistry registry) {
        if (registry.find(MODEL).isPresent()) {
            log.info("{} is registered already: nothing to train", MODEL);
            return;
        }
        LabeledData credit = bundledData();
        ModelVersion logistic;
        ModelVersion forest;
        try (Trainer trainer = Trainer.builder().registry(registry).build()) {
            logistic = trainer.train(credit, TrainingSpec.builder(Algorithm.LOGISTIC).registerAs(MODEL).build())
                    .version().orElseThrow();
            forest = trainer.train(credit, TrainingSpec.builder(Algorithm.RANDOM_FOREST).param("trees", "50")
                    .registerAs(MODEL).build()).version().orElseThrow();
        }
        String auc = Metric.AUC.jsonName();
        ModelVersion champion = forest.metrics().getOrDefault(auc, 0.0) > logistic.metrics().getOrDefault(auc, 0.0)
                ? forest : logistic;
        ModelVersion challenger = champion == forest ? logistic : forest;
        for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
            registry.promote(MODEL, champion.version(), stage, "higher test AUC of the two first versions");
        }
        registry.setAlias(MODEL, CHALLENGER, challenger.version());
        log.info("trained {} (production, AUC {}) and {} ({}, AUC {})", champion.ref(), champion.metrics().get(auc),
                challenger.ref(), CHALLENGER, challenger.metrics().get(auc));
    }

    /** data/credit-g.csv from the service's jar (UCI, CC BY 4.0: see data/README.md beside it). */
    static LabeledData bundledData() {
        try (InputStream in = CreditModels.class.getResourceAsStream("/data/credit-g.csv")) {
            if (in == null) {
                throw new IllegalStateException("data/credit-g.csv is missing from the service's class path");
            }
            return LabeledData.of(CsvTables.read(in.readAllBytes(), "credit-g.csv", Set.of(), Map.of()), "class",
                    "credit-g.csv");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data/credit-g.csv", e);
        }
    }
}
