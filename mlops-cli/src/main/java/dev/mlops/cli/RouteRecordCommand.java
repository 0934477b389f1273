package dev.mlops.cli;

import dev.mlops.routing.EventFiles;
import dev.mlops.routing.FleetCounts;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.spi.ModelStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops route record}: one instance's outcomes for one window, stored as its counts. */
@Command(name = "record",
        description = {"Store an events file's outcomes as one instance's counts for one window of a stored"
                + " experiment. Recording the same instance and window again replaces them, never adds;"
                + " route analyze --experiment ID merges every instance's counts.",
                "Events CSV: columns unit,variant,converted (0/1) or unit,variant,metric,value; every unit's"
                        + " events belong in one instance's file for one window."})
final class RouteRecordCommand implements Callable<Integer> {

    @Option(names = "--experiment", required = true, paramLabel = "ID", description = "The stored experiment.")
    private String experiment;

    @Option(names = "--events", required = true, paramLabel = "FILE.csv",
            description = "The outcomes, one row per event.")
    private Path events;

    @Option(names = "--instance", required = true, paramLabel = "NAME", description = "The instance that counted them.")
    private String instance;

    @Option(names = "--window", paramLabel = "START", defaultValue = "0",
            description = "The window's start: epoch milliseconds or an ISO-8601 instant (default 0).")
    private String window;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    /** What was stored. */
    record Recorded(String experiment, String instance, long window, long events, long units) {
    }

    @Override
    public Integer call() throws Exception {
        long start = window(window);
        dev.mlops.fleet.FleetNames.requireValid("--instance", instance);
        try (ModelStore opened = store.openStore()) {
            StoredExperiments experiments = StoredExperiments.of(opened, InstantSource.system());
            FleetCounts counts = EventFiles.counts(events, experiments.get(experiment).experiment());
            experiments.record(experiment, instance, start, counts);
            long units = counts.variants().values().stream().mapToLong(FleetCounts.VariantCounts::units).sum();
            Recorded recorded = new Recorded(experiment, instance, start, counts.events(), units);
            output.print(recorded, () -> "Recorded " + recorded.events() + " events (" + units
                    + " units) of experiment " + experiment + " as instance " + instance + ", window " + start + ".");
        }
        return ExitCodes.OK;
    }

    private static long window(String text) {
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new IllegalArgumentException("--window " + text + " must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException p) {
                throw new IllegalArgumentException("--window " + text + " is neither epoch milliseconds nor an ISO-8601"
                        + " instant such as 2026-03-01T00:00:00Z", p);
            }
        }
    }
}
