package dev.mlops.cli;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops models approve|reject}: an actor's decision on a version for PRODUCTION. */
abstract class DecisionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version.")
    private int version;

    @Option(names = "--reason", paramLabel = "R", description = "Why; recorded in the audit log.")
    private String reason = "";

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    /** Records the decision. */
    abstract AuditEvent decide(ModelRegistry registry, String name, int version, String reason);

    @Override
    public Integer call() {
        if (version <= 0) {
            throw new IllegalArgumentException("VERSION must be a positive integer, got " + version);
        }
        try (ModelRegistry registry = store.open()) {
            AuditEvent entry = decide(registry, name, version, reason);
            output.print(JsonViews.Event.of(entry), () -> entry.actor()
                    + (entry.action() == AuditAction.APPROVE ? " approved " : " rejected ")
                    + name + ":" + version + (entry.detail().isEmpty() ? ""
                            : " (" + entry.detail() + ": it does not count as an approval)"));
        }
        return ExitCodes.OK;
    }

    /** {@code mlops models approve}. */
    @Command(name = "approve", description = "Approve a version for PRODUCTION as --actor; the approval"
            + " of the actor who registered it is recorded but does not count.")
    static final class Approve extends DecisionCommand {
        @Override
        AuditEvent decide(ModelRegistry registry, String name, int version, String reason) {
            return registry.approve(name, version, reason);
        }
    }

    /** {@code mlops models reject}. */
    @Command(name = "reject", description = "Reject a version for PRODUCTION as --actor: while the"
            + " rejection stands, a policy that asks for approvals refuses it.")
    static final class Reject extends DecisionCommand {
        @Override
        AuditEvent decide(ModelRegistry registry, String name, int version, String reason) {
            return registry.reject(name, version, reason);
        }
    }
}
