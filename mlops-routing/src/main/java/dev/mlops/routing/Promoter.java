package dev.mlops.routing;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out a {@link Promotion} of an analysis's winner in the registry, for {@link Router#promoteWinner}. */
final class Promoter {

    private static final Logger log = LoggerFactory.getLogger(Promoter.class);

    private Promoter() {
    }

    /**
     * Promotes the winner of an analysis, if it has one: resolves the winner's model reference to
     * its current version and moves the alias or stage there.
     *
     * @return the promoted version, or empty when the decision is not a winner
     * @throws IllegalArgumentException                     if the analysis is of another experiment
     * @throws dev.mlops.registry.ConflictException         if the lifecycle forbids the transition
     * @throws dev.mlops.registry.PromotionRefusedException if a registry gate refuses
     */
    static Optional<ModelVersion> promote(ModelRegistry registry, Experiment experiment, Analysis analysis, Promotion promotion) {
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
        if (promotion instanceof Promotion.ToAlias toAlias) {
            registry.setAlias(version.name(), toAlias.alias(), version.version());
            log.info("{}: alias '{}' of '{}' moved to version {}", reason, toAlias.alias(), version.name(), version.version());
            return Optional.of(registry.get(version.name() + ":" + version.version()));
        }
        Promotion.ToStage toStage = (Promotion.ToStage) promotion;
        log.info("{}: '{}' version {} promoted to {}", reason, version.name(), version.version(), toStage.stage());
        return Optional.of(registry.promote(version.name(), version.version(), toStage.stage(), reason));
    }
}
