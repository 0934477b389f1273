package dev.mlops.cli;

import dev.mlops.registry.AuditVerification;
import dev.mlops.registry.ModelRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mlops audit verify}: checks the hash chain of the whole audit log. */
@Command(name = "verify",
        description = {"Check the hash chain of every model's audit log: an edited, removed or"
                + " reordered entry breaks it.", "Exit 0 when intact, 1 when not."})
final class AuditVerifyCommand implements Callable<Integer> {

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            AuditVerification check = registry.verifyAudit();
            output.print(JsonViews.AuditCheck.of(check), () -> Text.audit(check));
            return check.valid() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }
}
