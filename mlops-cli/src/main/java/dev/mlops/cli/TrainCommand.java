package dev.mlops.cli;

import dev.mlops.data.LabeledData;
import dev.mlops.model.Metric;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.training.Algorithm;
import dev.mlops.training.JobState;
import dev.mlops.training.Search;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.TrainingSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlops train}: a classifier from a CSV file, evaluated, and optionally registered. */
@Command(name = "train",
        description = {"Train a classifier on a CSV file: a stratified, seeded split holds out"
                + " --test-fraction of the rows for the reported metrics; stratified k-fold"
                + " cross-validation and an optional hyperparameter search run on the rest.",
                "Numeric columns are features as they are (a missing value takes the training"
                        + " mean); other columns are one-hot encoded (a missing value is a level of"
                        + " its own). Progress goes to stderr."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE.csv",
            description = "Training data: header row, comma separated, RFC 4180 quoting.")
    private Path data;

    @Option(names = "--label", required = true, paramLabel = "COL", description = "The label column.")
    private String label;

    @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "logistic",
            description = "logistic (default), cart, random-forest or xgboost.")
    private String algorithm;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "A hyperparameter of the algorithm. Repeatable.")
    private Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5",
            description = "Cross-validation folds; 0 for none (default 5).")
    private int folds;

    @Option(names = "--search", paramLabel = "grid|random",
            description = "Search hyperparameters over --space by cross-validation.")
    private String search;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "10",
            description = "Combinations a random search tries (default 10).")
    private int trials;

    @Option(names = "--space", paramLabel = "KEY=V1,V2,...",
            description = "Candidate values of one hyperparameter for --search. Repeatable.")
    private List<String> space = List.of();

    @Option(names = "--search-metric", paramLabel = "METRIC", defaultValue = "auc",
            description = "The cross-validated metric the search maximizes (default auc; log-loss"
                    + " is minimized).")
    private String searchMetric;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the split, the folds, the search and the algorithm (default 42).")
    private long seed;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Fraction of each class held out for the metrics (default 0.2).")
    private double testFraction;

    @Mixin
    private CategoricalOption categorical;

    @Option(names = "--exclude", split = ",", paramLabel = "a,b",
            description = "Columns that are not features (ids, leaks).")
    private List<String> exclude = List.of();

    @Option(names = "--positive-class", paramLabel = "LABEL",
            description = "The positive class of a binary label (default: the rarer class).")
    private String positiveClass;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Fail the job when it runs longer than this.")
    private Long timeoutSeconds;

    @Option(names = "--register", paramLabel = "NAME",
            description = "Register the trained model as a new version of NAME, with its metrics,"
                    + " parameters, lineage and a drift profile of the training data.")
    private String register;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        TrainingSpec trainingSpec = spec();
        LabeledData labeled = LabeledData.fromCsv(data, label, categorical.columns());
        TrainingResult result;
        if (register == null) {
            try (Trainer trainer = Trainer.create()) {
                result = trainer.train(labeled, trainingSpec, this::progress);
            }
        } else {
            try (ModelRegistry registry = store.open();
                    Trainer trainer = Trainer.builder().registry(registry).build()) {
                result = trainer.train(labeled, trainingSpec, this::progress);
            }
        }
        TrainingResult done = result;
        output.print(Json.read(done.toJson()), () -> Text.training(done));
        return ExitCodes.OK;
    }

    private TrainingSpec spec() {
        TrainingSpec.Builder builder = TrainingSpec.builder(Algorithm.parse(algorithm))
                .params(params)
                .folds(folds)
                .seed(seed)
                .testFraction(testFraction)
                .exclude(new LinkedHashSet<>(exclude));
        if (search != null) {
            Map<String, List<String>> dimensions = new LinkedHashMap<>();
            for (String dimension : space) {
                Map.Entry<String, List<String>> entry = Search.parseDimension(dimension);
                dimensions.put(entry.getKey(), entry.getValue());
            }
            if (dimensions.isEmpty()) {
                throw new IllegalArgumentException("--search needs at least one --space KEY=V1,V2,...");
            }
            builder.search(new Search(Search.Strategy.parse(search), dimensions, trials,
                    Metric.parse(searchMetric)));
        } else if (!space.isEmpty()) {
            throw new IllegalArgumentException("--space is used only with --search grid|random");
        }
        if (positiveClass != null) {
            builder.positiveClass(positiveClass);
        }
        if (timeoutSeconds != null) {
            builder.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        if (register != null) {
            builder.registerAs(register);
        }
        return builder.build();
    }

    /** One line on stderr per step of the job. */
    private void progress(JobState state) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf("mlops: [%3d%%] %s%n", state.progress(), state.step());
        err.flush();
    }
}
