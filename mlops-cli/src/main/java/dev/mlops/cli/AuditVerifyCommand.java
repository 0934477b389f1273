package dev.mlops.cli;

import dev.mlops.registry.AuditVerification;
import dev.mlops.registry.ModelRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code mlops audit verify}: checks every model's audit log and what the store serves against it.
 */
@Command(name = "verify",
        description = {"Check every model's audit log: its hash chain (an edited, removed or"
                + " reordered entry breaks it), its newest entry against the head the store anchors"
                + " apart from the log (signed with $MLOPS_SIGNING_KEY when set), and what the store"
                + " serves (each version's stage, metadata, artifact digest, and the aliases) against"
                + " what the log recorded.", "Exit 0 when intact, 1 when not."})
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
