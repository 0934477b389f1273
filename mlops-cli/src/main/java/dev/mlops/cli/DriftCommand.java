package dev.mlops.cli;

import dev.mlops.drift.DriftConfig;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftMethod;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.stats.Correction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlops drift}: does the current data still look like the reference data? */
@Command(name = "drift",
        description = {"Compare a current CSV file with a reference CSV file, feature by feature"
                + " (KS, PSI, Jensen-Shannon, Wasserstein for numeric columns; chi-square, PSI,"
                + " Jensen-Shannon for categorical ones; the missing rate for both), with p-values"
                + " corrected for multiple testing and an effect-size floor.",
                "CSV: header row, comma separated, RFC 4180 quoting; an empty cell is missing. A"
                        + " column is numeric when every non-missing cell is a number, unless"
                        + " listed in --categorical."})
final class DriftCommand implements Callable<Integer> {

    @Option(names = "--reference", required = true, paramLabel = "REF.csv|MODEL_REF",
            description = "The reference data, e.g. the training data; or a model version (NAME@production,"
                    + " NAME:3, with --store) whose stored reference profile (of every row it was trained"
                    + " from) is used; the model's label column in the current file is then ignored.")
    private String reference;

    @Option(names = "--current", required = true, paramLabel = "CUR.csv",
            description = "The data to check, e.g. recent production inputs.")
    private Path current;

    @Option(names = "--columns", split = ",", paramLabel = "a,b",
            description = "Only these columns (default: every column of the reference).")
    private List<String> columns = List.of();

    @Option(names = "--exclude", split = ",", paramLabel = "a,b",
            description = "Leave these columns out, such as the label column that production data"
                    + " does not have.")
    private List<String> exclude = List.of();

    @Mixin
    private CategoricalOption categorical;

    @Option(names = "--method", paramLabel = "auto|ks|psi|chi2|js|wasserstein", defaultValue = "auto",
            description = "The test that decides drift; auto: KS for numeric, chi-square for"
                    + " categorical columns (default). Every applicable test is reported anyway.")
    private String method;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05",
            description = "Significance level after correction (default 0.05).")
    private double alpha;

    @Option(names = "--correction", paramLabel = "bh|holm|bonferroni", defaultValue = "bh",
            description = "Multiple-testing correction (default bh: Benjamini-Hochberg).")
    private String correction;

    @Option(names = "--format", paramLabel = "text|json|html", defaultValue = "text",
            description = "text (default), json (one JSON document), or html (a self-contained page"
                    + " with histograms).")
    private ReportOutput.Format format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output.")
    private Path out;

    @Option(names = "--fail-on-drift",
            description = "Exit with 1 when the data set drifted.")
    private boolean failOnDrift;

    @Mixin
    private StoreOptions store;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("--alpha " + alpha + ": must lie between 0 and 1");
        }
        DriftConfig config = DriftConfig.defaults()
                .withMethod(DriftMethod.parse(method))
                .withAlpha(alpha)
                .withCorrection(Correction.parse(correction));
        DriftReport report = modelReference().map(ref -> storedProfile(ref, config))
                .orElseGet(() -> DriftDetector.compare(Path.of(reference), current, categorical.columns(), columns,
                        exclude, config));
        String rendered = switch (format) {
            case TEXT -> report.toText();
            case JSON -> Json.pretty(report.toJson());
            case HTML -> report.toHtml();
        };
        ReportOutput.emit(spec.commandLine().getOut(), format, rendered, out,
                report.drifted() ? "drift found" : "no drift");
        return failOnDrift && report.drifted() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** The reference as a model reference: not an existing file, and with a version or an alias. */
    private Optional<ModelRef> modelReference() {
        if (Files.exists(Path.of(reference)) || (reference.indexOf('@') < 0 && reference.indexOf(':') < 0)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelRef.parse(reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private DriftReport storedProfile(ModelRef ref, DriftConfig config) {
        if (!categorical.columns().isEmpty()) {
            throw new IllegalArgumentException("--categorical applies to a CSV reference; the stored profile of "
                    + reference + " fixes the column types");
        }
        ReferenceProfile profile;
        ModelVersion version;
        try (ModelRegistry registry = store.open()) {
            version = registry.get(ref.toString());
            profile = ReferenceProfile.stored(registry, version).orElseThrow(() -> new IllegalArgumentException(
                    "--reference " + reference + ": " + version.ref() + " has no stored reference profile (evidence '"
                            + ReferenceProfile.EVIDENCE_KIND + "'); the trainer stores one with every version it"
                            + " registers"));
        }
        return DriftDetector.compare(profile, version.ref() + " training data", current, columns, exclude, config);
    }
}
