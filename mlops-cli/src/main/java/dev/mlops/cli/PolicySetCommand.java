package dev.mlops.cli;

import dev.mlops.InputException;
import dev.mlops.core.PromotionPolicies;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PromotionPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops policy set}: stores a model's promotion policy. */
@Command(name = "set",
        description = {"Store the promotion policy of a model (recorded in its audit log). The file:"
                + " {\"production\":{\"approvals\":N,\"requireValidation\":true,\"requiredChecks\":"
                + "[\"auc.*\",\"fairness.*\"],\"approvers\":[\"ann\"]},\"rollback\":{\"approvals\":N}};"
                + " every field is optional.",
                "An approval by the actor who registered a version never counts; only validation"
                        + " reports bound to the version's artifact count."})
final class PolicySetCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Option(names = "--file", required = true, paramLabel = "POLICY.json", description = "The policy.")
    private Path file;

    @Option(names = "--reason", paramLabel = "R", description = "Why; recorded in the audit log.")
    private String reason = "";

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        PromotionPolicy policy;
        try {
            policy = PromotionPolicies.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException(file.toString(), 0, null, "cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InputException(file.toString(), 0, null, e.getMessage(), e);
        }
        try (ModelRegistry registry = store.open()) {
            PromotionPolicy stored = registry.setPolicy(name, policy, reason);
            output.print(Json.read(PromotionPolicies.toJson(stored)), () -> "Policy of " + name + " set: "
                    + Text.policy(stored));
        }
        return ExitCodes.OK;
    }
}
