package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.core.PromotionPolicies;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.time.Duration;

/**
 * A policy stored with a model, which every process that opens the store enforces: a second pair of
 * eyes for PRODUCTION. Then a version deleted, leaving a tombstone, and its bytes collected.
 * Argument: the store directory.
 */
public final class Governance {

    private Governance() {
    }

    public static void main(String[] args) {
        try (ModelRegistry registry = ModelRegistries.builder("file:" + args[0]).actor("trainer").open()) {
            registry.setPolicy("credit", PromotionPolicies.fromJson(
                    "{\"production\":{\"approvals\":1},\"rollback\":{\"approvals\":1}}"), "four eyes");
            ModelVersion v = registry.register(RegisterRequest.builder("credit",
                    ArtifactSource.of(new byte[] {1, 2, 3})).build());
            registry.promote("credit", v.version(), Stage.TESTING, "");
            registry.promote("credit", v.version(), Stage.STAGING, "");
            registry.approve("credit", v.version(), "my own work");       // recorded, does not count
            try {
                registry.promote("credit", v.version(), Stage.PRODUCTION, "");
            } catch (PromotionRefusedException e) {
                System.out.println("refused: " + e.getMessage());        // and PROMOTION_REFUSED in history
            }
            registry.withActor("ann").approve("credit", v.version(), "report reviewed");
            System.out.println(registry.promote("credit", v.version(), Stage.PRODUCTION, "").ref() + " in production");

            ModelVersion draft = registry.register(RegisterRequest.builder("credit",
                    ArtifactSource.of(new byte[] {4, 5, 6})).build());
            registry.delete("credit", draft.version(), "erasure request 17");   // a DELETE tombstone
            // no other process registers here, so no grace period is needed
            System.out.println("removed " + registry.collectGarbage(Duration.ZERO).removed().size() + " artifact");
        }
    }
}
