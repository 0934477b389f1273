package dev.mlops.cli.demo;

import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.MonitorAlert;
import dev.mlops.monitoring.MonitorConfig;
import dev.mlops.monitoring.WindowReport;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.retraining.Retrainer;
import dev.mlops.retraining.RetrainingOutcome;
import dev.mlops.retraining.RetrainingPolicy;
import dev.mlops.retraining.TriggerResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The demo's monitoring and retraining step: the production model meets drifted data, its monitor
 * says so, a retraining policy trains a challenger, the validation gate decides, the winner is
 * promoted, and the next run watches it.
 */
final class MonitoringStep {

    private final ModelRegistry registry;
    private final DemoData data;
    private final Consumer<String> say;
    private final Consumer<String> detail;

    MonitoringStep(ModelRegistry registry, DemoData data, Consumer<String> say, Consumer<String> detail) {
        this.registry = registry;
        this.data = data;
        this.say = say;
        this.detail = detail;
    }

    /**
     * Runs the step on the model's production version; the new cases are the training rows with a
     * mean radius above the given threshold (large tumours), seen again as the clinic's newest.
     */
    void run(String model, double threshold) {
        ModelVersion production = registry.get(model + "@production");
        LabeledData training = LabeledData.fromCsv(data.training(), DemoData.LABEL);
        List<String> lines = lines(data.training());
        int radius = List.of(lines.get(0).split(",")).indexOf("mean_radius");
        List<String> large = lines.subList(1, lines.size()).stream()
                .filter(l -> Double.parseDouble(l.split(",")[radius]) > threshold).toList();

        say.accept("Watch " + production.ref() + " in production with a model monitor: the clinic's newest "
                + large.size() + " cases are all large tumours, and their diagnoses arrive later, joined to the"
                + " predictions by id.");
        Classifier served = Classifiers.load(registry, production.ref().toString());
        ModelMonitor monitor = ModelMonitor.of(registry, production, served,
                MonitorConfig.defaults().withWindowSize(large.size()), "demo", InstantSource.system());
        List<WindowReport> windows = new ArrayList<>();
        monitor.addListener(windows::add);
        DataTable table = training.table();
        List<String> labels = training.labels();
        int id = 0;
        double[] key = table.numeric("mean_radius").orElseThrow();
        for (int r = 0; r < table.rowCount(); r++) {
            if (key[r] > threshold) {
                monitor.predict(id++, table.row(r));
            }
        }
        id = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            if (key[r] > threshold) {
                monitor.label(id++, labels.get(r));
            }
        }
        Demo.expect(windows.size() == 1, "the monitor closed one window");
        WindowReport window = windows.get(0);
        Demo.expect(window.degraded(), "the monitor finds the production model degraded");
        detail.accept(String.format(Locale.ROOT, "Window of %d labelled predictions: accuracy %.3f, AUC %.3f;"
                        + " input drift %s in %.0f%% of the features; recorded with %s.", window.sampleCount(),
                window.metrics().get("accuracy"), window.metrics().get("auc"), window.maxSeverity(),
                100 * window.driftedShare(), production.ref()));
        for (MonitorAlert alert : window.alerts()) {
            detail.accept("  " + alert.severity() + ", " + alert.action().name().toLowerCase(Locale.ROOT) + ": "
                    + alert.message());
        }

        Path recent = data.training().resolveSibling("breast-cancer-recent.csv");
        List<String> all = new ArrayList<>(lines);
        all.addAll(large);
        write(recent, all);
        RetrainingPolicy policy = RetrainingPolicy.parse("{\"label\":\"" + DemoData.LABEL + "\",\"data\":{\"csv\":\""
                + recent.getFileName() + "\"},\"triggers\":{\"drift\":\"MEDIUM\",\"maxAge\":\"P30D\"},"
                + "\"validation\":{\"holdoutFraction\":0.25,\"minImprovement\":{\"accuracy\":\"1%\"}},"
                + "\"promotion\":\"auto\",\"watch\":{\"metric\":\"accuracy\",\"tolerance\":0.02}}",
                "demo policy", recent.getParent());
        say.accept("Run the retraining policy (mlops retrain): drift of MEDIUM severity or more in the monitor's"
                + " newest window or the newest rows, or a production version older than 30 days, triggers it; the challenger must beat "
                + production.ref() + "'s accuracy by 1% on the newest quarter of the rows, which it never saw.");
        RetrainingOutcome outcome = Retrainer.of(registry, policy).run(model);
        for (TriggerResult trigger : outcome.triggers()) {
            detail.accept((trigger.fired() ? "Fired " : "Quiet ") + trigger.kind() + ": " + trigger.detail() + ".");
        }
        Demo.expect(outcome.decision() == RetrainingOutcome.Decision.PROMOTED, "the retrained challenger is promoted,"
                + " but: " + outcome.reason());
        ModelVersion challenger = outcome.challenger().orElseThrow();
        detail.accept("The gate decided: " + outcome.reason().replaceFirst("; triggered by .*", "") + ".");
        detail.accept(challenger.ref() + " is in production, with lineage parent " + challenger.lineage().parent()
                + ", training data " + challenger.lineage().dataFingerprint().substring(0, 12) + "..., trigger "
                + challenger.tags().get(Retrainer.TRIGGER_TAG) + ".");

        say.accept("Run the policy again: the watch judges " + challenger.ref() + " by its performance records"
                + " since promotion; nothing new has come in.");
        RetrainingOutcome next = Retrainer.of(registry, policy).run(model);
        Demo.expect(next.decision() == RetrainingOutcome.Decision.NO_TRIGGER
                        && registry.get(model + "@production").version() == challenger.version(),
                "the promoted challenger stays in production");
        detail.accept(challenger.ref() + " stays in production: " + next.reason() + ".");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
