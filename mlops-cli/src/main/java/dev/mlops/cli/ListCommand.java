package dev.mlops.cli;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops models list}: the models, or the versions of one model. */
@Command(name = "list",
        description = "List the models in the store, or the versions of one model, oldest first.")
final class ListCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "A model whose versions to list (default: list the models).")
    private String name;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            if (name == null) {
                List<ModelSummary> models = registry.models();
                output.print(models.stream().map(JsonViews.Model::of).toList(),
                        () -> models(models));
            } else {
                List<ModelVersion> versions = registry.versions(name);
                output.print(versions.stream().map(JsonViews.Version::of).toList(),
                        () -> versions(versions));
            }
        }
        return ExitCodes.OK;
    }

    private String models(List<ModelSummary> models) {
        if (models.isEmpty()) {
            return "No models in " + store.shownUri() + ".";
        }
        return Text.table(List.of("NAME", "LATEST", "PRODUCTION", "VERSIONS"),
                models.stream().map(m -> List.of(m.name(), Integer.toString(m.latestVersion()),
                        m.productionVersion() == 0 ? "-" : Integer.toString(m.productionVersion()),
                        Integer.toString(m.versionCount()))).toList());
    }

    private static String versions(List<ModelVersion> versions) {
        return Text.table(List.of("VERSION", "STAGE", "CREATED", "BY", "SIZE", "SHA256", "ALIASES"),
                versions.stream().map(v -> List.of(Integer.toString(v.version()), v.stage().name(),
                        v.createdAt().toString(), v.createdBy(), Text.size(v.sizeBytes()),
                        v.sha256().substring(0, 12), String.join(" ", v.aliases()))).toList());
    }
}
