package dev.mlops.cli;

import dev.mlops.core.PromotionPolicies;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PromotionPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops policy show}: a model's promotion policy. */
@Command(name = "show", description = "The promotion policy of a model (nothing required when none was set).")
final class PolicyShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            PromotionPolicy policy = registry.policy(name);
            output.print(Json.read(PromotionPolicies.toJson(policy)), () -> "Policy of " + name + ": "
                    + Text.policy(policy));
        }
        return ExitCodes.OK;
    }
}
