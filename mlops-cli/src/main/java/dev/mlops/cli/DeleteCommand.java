package dev.mlops.cli;

import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops models delete}: deletes a version, leaving a tombstone in the audit log. */
@Command(name = "delete",
        description = {"Delete a version: it is no longer listed, its number is never reused, and the"
                + " audit log keeps a tombstone. Its artifact bytes go when no other version uses"
                + " them (bytes stored within the last hour wait for mlops gc).",
                "Refused (exit 4) for a PRODUCTION version and for a version an alias points to."})
final class DeleteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME:VERSION", description = "The version to delete.")
    private String ref;

    @Option(names = "--reason", required = true, paramLabel = "R",
            description = "Why (an erasure request, say); recorded in the tombstone.")
    private String reason;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        ModelRef parsed = ModelRef.parse(ref);
        if (parsed.version() <= 0) {
            throw new IllegalArgumentException("NAME:VERSION must name one version, e.g. churn:3, got '"
                    + ref + "'");
        }
        try (ModelRegistry registry = store.open()) {
            ModelVersion v = registry.get(parsed.toString());
            registry.delete(v.name(), v.version(), reason);
            output.print(Map.of("name", v.name(), "version", v.version(), "deleted", true,
                    "sha256", v.sha256()), () -> "Deleted " + v.ref() + " (was " + v.stage() + ").");
        }
        return ExitCodes.OK;
    }
}
