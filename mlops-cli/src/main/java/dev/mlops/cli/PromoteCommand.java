package dev.mlops.cli;

import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.validation.ValidationGate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops models promote}: a stage transition. */
@Command(name = "promote",
        description = {"Move a version to another stage. Allowed: DRAFT -> TESTING | ARCHIVED;"
                + " TESTING -> STAGING | DRAFT | ARCHIVED; STAGING -> PRODUCTION | TESTING |"
                + " ARCHIVED; PRODUCTION -> ARCHIVED; ARCHIVED -> STAGING.",
                "Promoting to PRODUCTION archives the previous production version in the same"
                        + " atomic step."})
final class PromoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version to move.")
    private int version;

    @Option(names = "--to", required = true, paramLabel = "STAGE", converter = StageConverter.class,
            description = "Target stage: draft, testing, staging, production or archived.")
    private Stage target;

    @Option(names = "--reason", paramLabel = "R", description = "Why; recorded in the audit log.")
    private String reason = "";

    @Option(names = "--require-validation",
            description = "Promote to PRODUCTION only with a passed validation report (mlops"
                    + " validate). Without this option only a failed newest report blocks.")
    private boolean requireValidation;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = requireValidation
                ? store.open(ValidationGate.requirePassedReport()) : store.open()) {
            ModelVersion before = registry.get(ModelRef.of(name, version).toString());
            Optional<ModelVersion> replaced = target == Stage.PRODUCTION
                    ? registry.find(ModelRef.alias(name, Stage.PRODUCTION.id()).toString())
                    : Optional.empty();
            ModelVersion after = registry.promote(name, version, target, reason);
            output.print(JsonViews.Version.of(after), () -> "Promoted " + after.ref() + " from "
                    + before.stage() + " to " + after.stage()
                    + replaced.filter(r -> r.version() != version)
                            .map(r -> "; " + r.ref() + " was archived").orElse("") + ".");
        }
        return ExitCodes.OK;
    }
}
