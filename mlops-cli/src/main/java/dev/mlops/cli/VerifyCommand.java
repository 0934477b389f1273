package dev.mlops.cli;

import dev.mlops.registry.ArtifactVerification;
import dev.mlops.registry.ModelRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops models verify}: digest and signature check of a stored artifact. */
@Command(name = "verify",
        description = {"Check a version's stored artifact against its SHA-256 and size, and its"
                + " signature when $MLOPS_SIGNING_KEY is set.",
                "Exit 0 when intact, 1 when not."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF", description = Text.REF_HELP)
    private String ref;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            ArtifactVerification check = registry.verify(ref);
            output.print(JsonViews.Verification.of(check),
                    () -> (check.intact() ? "OK: " : "FAILED: ") + check.message());
            return check.intact() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }
}
