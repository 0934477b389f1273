package dev.mlops.cli;

import dev.mlops.data.DataException;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Predictions;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.MonitorConfig;
import dev.mlops.monitoring.WindowReport;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops monitor record}: one monitor window from a file of labelled production rows. */
@Command(name = "record",
        description = {"Predict the rows of a labelled CSV file with the version REF resolves to, compare with"
                + " the labels, check the inputs for drift against the version's stored reference profile and"
                + " the predicted labels against validation time, append one performance record to the"
                + " version and print it.",
                "Degraded: a metric more than 0.05 below its validation-time value (log loss: above), or"
                        + " input drift of MEDIUM severity or more. Rows with an empty label are predicted"
                        + " but not counted."})
final class MonitorRecordCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF", description = Text.REF_HELP)
    private String ref;

    @Option(names = "--data", required = true, paramLabel = "LABELED.csv",
            description = "Production rows with their ground truth.")
    private Path data;

    @Option(names = "--label", required = true, paramLabel = "COL", description = "The ground truth column.")
    private String label;

    @Option(names = "--instance", paramLabel = "NAME", defaultValue = "",
            description = "The service instance the rows come from, shown in the report.")
    private String instance;

    @Option(names = "--fail-on-degradation", description = "Exit with 1 when the version is degraded.")
    private boolean failOnDegradation;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        WindowReport report;
        try (ModelRegistry registry = store.open()) {
            ModelVersion version = registry.get(ref);
            Classifier model = Classifiers.load(registry, version.ref().toString());
            report = record(registry, version, model, LabeledData.fromCsv(data, label), instance);
        }
        output.print(report.toJson(), () -> text(report));
        return failOnDegradation && report.degraded() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /**
     * Monitors the labelled rows as one window of the version and records it.
     *
     * @throws DataException when no row has a label, or the data lacks a feature column
     * @throws IllegalArgumentException when a label is not one of the model's, or the version has no profile
     */
    static WindowReport record(ModelRegistry registry, ModelVersion version, Classifier model, LabeledData labeled,
            String instance) {
        List<String> labels = labeled.labels();
        long labelled = labels.stream().filter(l -> !l.isEmpty()).count();
        if (labelled == 0) {
            throw new DataException(labeled.source(), 0, labeled.labelColumn(), "no row has a label: there is nothing"
                    + " to compare the predictions with");
        }
        for (String actual : labels) {
            if (!actual.isEmpty() && !model.labels().contains(actual)) {
                throw new DataException(labeled.source(), 0, labeled.labelColumn(), "label '" + actual
                        + "' is not one of " + version.ref() + "'s labels " + model.labels());
            }
        }
        ModelMonitor monitor = ModelMonitor.of(registry, version, model,
                MonitorConfig.defaults().withWindowSize((int) labelled).withMaxPending(labels.size()), instance,
                InstantSource.system());
        Predictions predictions = model.predict(labeled.table(), labeled.source());
        for (int r = 0; r < labels.size(); r++) {
            monitor.observe(r, labeled.table().row(r), predictions.get(r));
        }
        WindowReport[] closed = new WindowReport[1];
        monitor.addListener(window -> closed[0] = window);
        for (int r = 0; r < labels.size(); r++) {
            if (!labels.get(r).isEmpty()) {
                monitor.label(r, labels.get(r));
            }
        }
        return closed[0];
    }

    static String text(WindowReport report) {
        StringBuilder text = new StringBuilder();
        text.append(report.name()).append(':').append(report.version()).append(report.degraded() ? " DEGRADED" : " ok")
                .append(", ").append(report.sampleCount()).append(" labelled rows, ").append(report.time())
                .append(report.instance().isEmpty() ? "" : " from " + report.instance()).append('\n');
        report.metrics().forEach((name, value) -> text.append("  ").append(name).append(' ')
                .append(Double.isNaN(value) ? "undefined" : String.format(java.util.Locale.ROOT, "%.4f", value))
                .append('\n'));
        text.append(String.format(java.util.Locale.ROOT, "  drift: %.0f%% of the features, max severity %s%s%n",
                100 * report.driftedShare(), report.maxSeverity(), report.driftedFeatures().isEmpty() ? ""
                        : "; drifted: " + String.join(", ", report.driftedFeatures())));
        report.alerts().forEach(a -> text.append("  ").append(a.severity()).append(' ').append(a.action()).append(": ")
                .append(a.message()).append('\n'));
        return text.toString().stripTrailing();
    }
}
