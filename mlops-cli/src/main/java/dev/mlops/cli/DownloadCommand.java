package dev.mlops.cli;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops models download}: the verified artifact bytes of a version. */
@Command(name = "download",
        description = "Write a version's artifact to a file. The bytes are verified first; the"
                + " file appears only when they match (exit 5 otherwise, and no file).")
final class DownloadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF", description = Text.REF_HELP)
    private String ref;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write the artifact; an existing file is replaced atomically.")
    private Path out;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            // resolve once, so that an alias moved meanwhile cannot mix two versions' data
            ModelVersion v = registry.get(ref);
            registry.downloadArtifact(v.ref().toString(), out);
            output.print(new JsonViews.Download(v.name(), v.version(), v.sha256(), v.sizeBytes(),
                            out.toAbsolutePath().toString()),
                    () -> "Wrote " + v.ref() + " (" + Text.size(v.sizeBytes()) + ", sha256 "
                            + v.sha256() + ") to " + out);
        }
        return ExitCodes.OK;
    }
}
