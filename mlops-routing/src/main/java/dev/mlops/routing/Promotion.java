package dev.mlops.routing;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a winning variant's model version goes in the registry: an alias moved to it, or a stage
 * it is promoted to. Either way the registry records the move in its audit trail.
 */
public sealed interface Promotion permits Promotion.ToAlias, Promotion.ToStage {

    /** Points an alias ({@code champion}, ...) at the winner's version. */
    static Promotion alias(String alias) {
        return new ToAlias(alias);
    }

    /** Promotes the winner's version to a stage (PRODUCTION archives the previous one). */
    static Promotion stage(Stage stage) {
        return new ToStage(stage);
    }

    /**
     * Promotes the winner of an analysis, if it has one: resolves the winner's model reference to
     * its current version and moves the alias or stage there.
     *
     * @return the promoted version, or empty when the decision is not a winner
     * @throws IllegalArgumentException                   if the analysis is of another experiment
     * @throws dev.mlops.registry.ConflictException       if the lifecycle forbids the transition
     * @throws dev.mlops.registry.PromotionRefusedException if a registry gate refuses
     */
    default Optional<ModelVersion> apply(ModelRegistry registry, Experiment experiment, Analysis analysis) {
        if (!analysis.experiment().equals(experiment.id())) {
            throw new IllegalArgumentException("analysis of '" + analysis.experiment() + "' is not of experiment '" + experiment.id() + "'");
        }
        Optional<String> winner = analysis.decision().winner();
        if (winner.isEmpty()) {
            return Optional.empty();
        }
        Variant variant = experiment.variant(winner.get())
            .orElseThrow(() -> new IllegalArgumentException("winner '" + winner.get() + "' is not a variant of '" + experiment.id() + "'"));
        ModelVersion version = registry.get(variant.model());
        String reason = "experiment '" + experiment.id() + "': " + analysis.decision().reason();
        Logger log = LoggerFactory.getLogger(Promotion.class);
        if (this instanceof ToAlias toAlias) {
            registry.setAlias(version.name(), toAlias.alias(), version.version());
            log.info("{}: alias '{}' of '{}' moved to version {}", reason, toAlias.alias(), version.name(), version.version());
            return Optional.of(registry.get(version.name() + ":" + version.version()));
        }
        Stage stage = ((ToStage) this).stage();
        log.info("{}: '{}' version {} promoted to {}", reason, version.name(), version.version(), stage);
        return Optional.of(registry.promote(version.name(), version.version(), stage, reason));
    }

    /**
     * Move an alias.
     *
     * @param alias the alias, lower-case as the registry requires
     */
    record ToAlias(String alias) implements Promotion {
    }

    /**
     * Promote to a stage.
     *
     * @param stage the target stage
     */
    record ToStage(Stage stage) implements Promotion {
    }
}
