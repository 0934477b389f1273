package dev.mlops.cli;

import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.validation.PermutationImportance;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlops explain}: which feature columns a registered model leans on. */
@Command(name = "explain",
        description = {"Explain a registered model by permutation importance: for every feature"
                + " column, how much the metric drops when that column's values are shuffled across"
                + " the rows of labelled data (baseline minus the mean over the shuffles; for"
                + " log-loss the rise). Columns are listed highest first; one the model ignores"
                + " scores 0."})
final class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF", description = Text.REF_HELP)
    private String ref;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv",
            description = "Labelled data, ideally not the training data.")
    private Path data;

    @Option(names = "--label", required = true, paramLabel = "COL", description = "The label column.")
    private String label;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
            description = "Shuffles per column (default 5).")
    private int repeats;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seeds the shuffles (default 42): the same seed gives the same result.")
    private long seed;

    @Option(names = "--metric", paramLabel = "M", defaultValue = "accuracy",
            description = "accuracy (default), precision, recall, f1, auc or log-loss.")
    private String metric;

    @Option(names = "--format", paramLabel = "text|json|html", defaultValue = "text",
            description = "text (default), json (one JSON document) or html (a page with a bar chart).")
    private ReportOutput.Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result to FILE.")
    private Path out;

    @Mixin
    private StoreOptions store;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats " + repeats + ": give at least 1 shuffle per column");
        }
        Metric measured = ValidateCommand.metric(metric, "--metric");
        LabeledData labeled = LabeledData.fromCsv(data, label);
        PermutationImportance importance;
        String name;
        try (ModelRegistry registry = store.open()) {
            name = registry.get(ref).ref().toString();
            importance = PermutationImportance.of(Classifiers.load(registry, name), labeled, measured, repeats, seed);
        }
        String rendered = switch (format) {
            case TEXT -> importance.toText();
            case JSON -> Json.pretty(importance.toJson());
            case HTML -> importance.toHtml(name);
        };
        ReportOutput.emit(spec.commandLine().getOut(), format, rendered, out, importance.features().isEmpty()
                ? "no feature columns" : "most important: " + importance.features().get(0).name());
        return ExitCodes.OK;
    }
}
