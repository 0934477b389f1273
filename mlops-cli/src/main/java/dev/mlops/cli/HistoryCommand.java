package dev.mlops.cli;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops models history}: the audit events of a model. */
@Command(name = "history",
        description = "The audit events of a model, oldest first: who changed what, from what to"
                + " what, when and why.")
final class HistoryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            List<AuditEvent> events = registry.history(name);
            output.print(events.stream().map(JsonViews.Event::of).toList(), () -> Text.history(events));
        }
        return ExitCodes.OK;
    }
}
