package dev.mlops.routing;

import dev.mlops.registry.Stage;

/**
 * Where a winning variant's model version goes in the registry: an alias moved to it, or a stage
 * it is promoted to ({@link Router#promoteWinner} moves it). Either way the registry records the
 * move in its audit trail.
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
