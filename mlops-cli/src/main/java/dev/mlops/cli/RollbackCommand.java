package dev.mlops.cli;

import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops models rollback}: the previous production version back to PRODUCTION. */
@Command(name = "rollback",
        description = "Put the previous production version back in PRODUCTION and archive the"
                + " current one, in one atomic step. Repeated rollbacks walk further back.")
final class RollbackCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Option(names = "--reason", paramLabel = "R", description = "Why; recorded in the audit log.")
    private String reason = "";

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            Optional<ModelVersion> replaced =
                    registry.find(ModelRef.alias(name, Stage.PRODUCTION.id()).toString());
            ModelVersion restored = registry.rollback(name, reason);
            output.print(JsonViews.Version.of(restored), () -> "Rolled back " + name + ": "
                    + restored.ref() + " is in PRODUCTION again"
                    + replaced.map(r -> "; " + r.ref() + " was archived").orElse("") + ".");
        }
        return ExitCodes.OK;
    }
}
