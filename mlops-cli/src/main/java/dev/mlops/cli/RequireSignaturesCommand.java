package dev.mlops.cli;

import dev.mlops.registry.ModelRegistry;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mlops store require-signatures}: makes the store require signed artifacts, for good. */
@Command(name = "require-signatures",
        description = {"Make the store require signatures, for good: every process that opens it"
                + " without the key refuses to register, load, download or verify an artifact, and"
                + " to change anything, whatever its own configuration. Needs $MLOPS_SIGNING_KEY."
                + " Versions registered unsigned are refused from then on."})
final class RequireSignaturesCommand implements Callable<Integer> {

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            registry.requireSignatures();
            output.print(Map.of("signaturesRequired", true),
                    () -> "Signatures are now required by " + store.shownUri() + ".");
        }
        return ExitCodes.OK;
    }
}
