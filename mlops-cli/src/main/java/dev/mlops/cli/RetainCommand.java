package dev.mlops.cli;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Retention;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops models retain}: applies a retention rule to a model's archived versions now. */
@Command(name = "retain",
        description = "Delete the ARCHIVED versions of a model beyond the newest N and those older"
                + " than a maximum age, each with a tombstone as models delete leaves. Versions in"
                + " other stages and versions with aliases are kept.")
final class RetainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Option(names = "--keep-archived", required = true, paramLabel = "N",
            description = "How many of the newest archived versions to keep.")
    private int keep;

    @Option(names = "--max-age", paramLabel = "DURATION",
            description = "Also delete archived versions registered longer ago than this (ISO-8601, e.g. P90D).")
    private Duration maxAge;

    @Option(names = "--reason", required = true, paramLabel = "R", description = "Recorded in each tombstone.")
    private String reason;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Retention retention = new Retention(keep, Optional.ofNullable(maxAge));
        try (ModelRegistry registry = store.open()) {
            List<ModelVersion> deleted = registry.applyRetention(name, retention, reason);
            output.print(deleted.stream().map(JsonViews.Version::of).toList(), () -> deleted.isEmpty()
                    ? "Nothing to delete."
                    : "Deleted " + deleted.stream().map(v -> v.ref().toString()).toList() + ".");
        }
        return ExitCodes.OK;
    }
}
