package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.MonitorConfig;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.retraining.Retrainer;
import dev.mlops.retraining.RetrainingOutcome;
import dev.mlops.retraining.RetrainingPolicy;
import java.nio.file.Path;

/**
 * A production model watched, then retrained by a policy. Arguments: the store directory (credit in
 * production), the rows the service predicted with their outcomes (CSV), and the retraining policy.
 */
public final class MonitorAndRetrain {

    private MonitorAndRetrain() {
    }

    public static void main(String[] args) {
        try (ModelRegistry registry = ModelRegistries.open("file:" + args[0])) {
            ModelMonitor monitor = ModelMonitor.of(registry, "credit@production",
                    MonitorConfig.defaults().withWindowSize(100));   // bound to the version production is now
            monitor.addListener(window -> window.alerts().forEach(alert -> System.out.println(window.name() + ":"
                    + window.version() + " " + alert.severity() + ", " + alert.action() + ": " + alert.message())));
            LabeledData served = LabeledData.fromCsv(Path.of(args[1]), "class");
            for (int r = 0; r < served.table().rowCount(); r++) {
                monitor.predict(r, served.table().row(r));           // what the service answers, watched
            }
            for (int r = 0; r < served.table().rowCount(); r++) {
                monitor.label(r, served.labels().get(r));            // outcomes known later: windows of 100 close
            }
            RetrainingOutcome outcome = Retrainer.of(registry, RetrainingPolicy.read(Path.of(args[2]))).run("credit");
            System.out.println(outcome.decision().id() + ": " + outcome.reason());
        }
    }
}
