package dev.mlops.core.internal;

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
        Optional<ScheduledExecutorService> scheduler) {

    public RegistryConfig {
        requireValidActor(actor);
        gates = List.copyOf(gates);
    }

    /** Checks an actor name: not blank, at most 200 characters, no control characters. */
    public static String requireValidActor(String actor) {
        if (actor == null || actor.isBlank() || actor.length() > 200
                || actor.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("actor must be 1 to 200 printable characters, got '"
                    + actor + "'");
        }
        return actor;
    }
}
