package dev.mlops.cli;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops models show}: one version with all its metadata. */
@Command(name = "show",
        description = "Show one version with its stage, aliases, artifact, metadata and lineage.")
final class ShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF",
            description = Text.REF_HELP)
    private String ref;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            ModelVersion v = registry.get(ref);
            output.print(JsonViews.Version.of(v), () -> Text.details(v));
        }
        return ExitCodes.OK;
    }
}
