package dev.mlops.cli;

import dev.mlops.registry.GarbageCollection;
import dev.mlops.registry.ModelRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops gc}: removes artifact bytes no version references. */
@Command(name = "gc",
        description = "Remove the artifact bytes no version of any model references. Bytes stored"
                + " within the grace period stay: a registration in another process may have stored"
                + " them and not yet committed its version. Safe while other processes register.")
final class GcCommand implements Callable<Integer> {

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "PT1H",
            description = "Keep unreferenced bytes stored more recently than this (ISO-8601; default PT1H).")
    private Duration grace;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("--grace must not be negative, got " + grace);
        }
        try (ModelRegistry registry = store.open()) {
            GarbageCollection gc = registry.collectGarbage(grace);
            output.print(gc, () -> "Removed " + gc.removed().size() + " of " + gc.artifacts()
                    + " artifacts; kept " + gc.kept().size() + " unreferenced ones stored within " + grace + ".");
        }
        return ExitCodes.OK;
    }
}
