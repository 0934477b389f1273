package dev.mlops.cli;

import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.validation.ProtectedGroup;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlops validate}: the gate between trained and serving, as a report. */
@Command(name = "validate",
        description = {"Validate a registered model on labelled data: metric thresholds, the"
                + " champion comparison, robustness, fairness and latency, each check with its"
                + " value, threshold and reason. The report is stored with the version; a version"
                + " whose newest report failed cannot be promoted to PRODUCTION.",
                "Exit 1 when a check fails."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF", description = Text.REF_HELP)
    private String ref;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv",
            description = "Labelled evaluation data the model was not trained on.")
    private Path data;

    @Option(names = "--label", required = true, paramLabel = "COL", description = "The label column.")
    private String label;

    @Mixin
    private CategoricalOption categorical;

    @Option(names = "--min", paramLabel = "METRIC=V",
            description = "The metric must reach V: at least V, or for log-loss at most V."
                    + " Metrics: accuracy, precision, recall, f1, auc, log-loss. Repeatable.")
    private Map<String, String> minimums = new LinkedHashMap<>();

    @Option(names = "--min-rows", paramLabel = "N",
            description = "Refuse evaluation sets smaller than N rows.")
    private Integer minRows;

    @Option(names = "--champion", paramLabel = "REF",
            description = "The model serving now, to compare with on the same rows, such as"
                    + " NAME@production. While it points to no version (nothing in production yet)"
                    + " the comparisons are skipped and the report says so.")
    private String champion;

    @Option(names = "--min-improvement", paramLabel = "METRIC=V",
            description = "Beat the champion by V (absolute), or by V%% of its value. Repeatable.")
    private Map<String, String> improvements = new LinkedHashMap<>();

    @Option(names = "--significance", paramLabel = "ALPHA",
            description = "Also require accuracy to be significantly better than the champion's"
                    + " (exact McNemar test at level ALPHA).")
    private Double significance;

    @Option(names = "--fairness", paramLabel = "COL[=PRIVILEGED_VALUE]",
            description = "Check group fairness for a protected attribute: COL (the most frequent"
                    + " value is privileged), COL=VALUE, or COL>=NUMBER (quote it: 'age>=25')."
                    + " Needs --favorable.")
    private String fairness;

    @Option(names = "--favorable", paramLabel = "LABEL",
            description = "The outcome that benefits the person, such as good for credit: what"
                    + " --fairness compares between groups. Often not the positive class of the"
                    + " metrics (bad, churned, malignant).")
    private String favorable;

    @Option(names = "--noise", paramLabel = "SIGMA",
            description = "AUC may drop at most --max-drop under Gaussian noise of SIGMA standard"
                    + " deviations added to every numeric feature.")
    private Double noise;

    @Option(names = "--missing", paramLabel = "RATE",
            description = "AUC may drop at most --max-drop when this share of values is missing.")
    private Double missing;

    @Option(names = "--max-drop", paramLabel = "D", defaultValue = "0.05",
            description = "Largest AUC drop --noise and --missing accept (default 0.05).")
    private double maxDrop;

    @Option(names = "--latency-ms", paramLabel = "MS",
            description = "p99 of single-row prediction must stay under MS milliseconds.")
    private Double latencyMillis;

    @Option(names = "--format", paramLabel = "text|json|html", defaultValue = "text",
            description = "text (default), json (one JSON document) or html (a report page).")
    private ReportOutput.Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE.")
    private Path out;

    @Mixin
    private StoreOptions store;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Validator.Builder checks = Validator.builder();
        minimums.forEach((metric, value) -> {
            Metric m = metric(metric, "--min");
            double threshold = number(value, "--min " + metric);
            if (m.higherIsBetter()) {
                checks.atLeast(m, threshold);
            } else {
                checks.atMost(m, threshold);
            }
        });
        if (minRows != null) {
            checks.minRows(minRows);
        }
        if (fairness != null && favorable == null) {
            throw new IllegalArgumentException("--fairness needs --favorable LABEL, the outcome that benefits"
                    + " the person (such as good for credit); the positive class of the metrics is often the"
                    + " unfavorable one");
        }
        if (favorable != null && fairness == null) {
            throw new IllegalArgumentException("--favorable is the favorable outcome of --fairness: give"
                    + " --fairness COL too");
        }
        if (champion == null && (!improvements.isEmpty() || significance != null)) {
            throw new IllegalArgumentException("--min-improvement and --significance compare"
                    + " with a champion: give --champion REF");
        }
        LabeledData labeled = LabeledData.fromCsv(data, label, categorical.columns());
        ValidationReport report;
        try (ModelRegistry registry = store.open()) {
            ModelVersion version = registry.get(ref);
            if (champion != null) {
                checks.champion(registry, champion);
            }
            improvements.forEach((metric, value) -> {
                Metric m = metric(metric, "--min-improvement");
                if (value.strip().endsWith("%")) {
                    String percent = value.strip();
                    checks.minRelativeImprovement(m, number(percent.substring(0, percent.length() - 1),
                            "--min-improvement " + metric) / 100);
                } else {
                    checks.minImprovement(m, number(value, "--min-improvement " + metric));
                }
            });
            if (significance != null) {
                checks.significantlyBetter(Metric.ACCURACY, significance);
            }
            if (fairness != null) {
                checks.fairness(fairnessGroup(), favorable);
            }
            if (noise != null) {
                checks.noise(noise, Metric.AUC, maxDrop);
            }
            if (missing != null) {
                checks.missingValues(missing, Metric.AUC, maxDrop);
            }
            if (latencyMillis != null) {
                checks.latency(Duration.ofNanos(Math.round(latencyMillis * 1_000_000)));
            }
            String name = version.ref().toString();
            report = checks.build().validate(Classifiers.load(registry, name), version, labeled);
            report.attachTo(registry, version.name(), version.version());
        }
        print(report);
        return report.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private void print(ValidationReport report) {
        String rendered = switch (format) {
            case TEXT -> report.toText();
            case JSON -> Json.pretty(report.toJson());
            case HTML -> report.toHtml();
        };
        ReportOutput.emit(spec.commandLine().getOut(), format, rendered, out, report.passed()
                ? "passed" : "failed " + report.failures().size() + " of " + report.checks().size()
                        + " checks");
    }

    private ProtectedGroup fairnessGroup() {
        try {
            return ProtectedGroup.parse(fairness);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fairness " + fairness + ": " + e.getMessage(), e);
        }
    }

    /** A metric named by an option's value; an unknown name is an error naming the option. */
    static Metric metric(String text, String option) {
        try {
            return Metric.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + text + ": " + e.getMessage(), e);
        }
    }

    private static double number(String text, String option) {
        try {
            double value = Double.parseDouble(text.strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(option + "=" + text + ": '" + text + "' is not a finite number");
    }
}
