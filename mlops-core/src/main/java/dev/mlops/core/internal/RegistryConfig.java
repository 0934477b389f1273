package dev.mlops.core.internal;

import dev.mlops.registry.Limits;
import dev.mlops.registry.PromotionGate;
import dev.mlops.spi.ArtifactSigner;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** The settings of a registry, checked by the builder. */
public record RegistryConfig(
        String actor,
        Optional<ArtifactSigner> signer,
        List<PromotionGate> gates,
        InstantSource clock,
        Duration refreshInterval,
        long cacheSize,
        Optional<ScheduledExecutorService> scheduler,
        Duration artifactGrace) {

    public RegistryConfig {
        requireValidActor(actor);
        gates = List.copyOf(gates);
    }

    /**
     * Checks an actor name: not blank, one line of at most {@value Limits#MAX_ACTOR_LENGTH}
     * characters.
     */
    public static String requireValidActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank");
        }
        return Limits.requireLine("actor", actor, Limits.MAX_ACTOR_LENGTH);
    }
}
