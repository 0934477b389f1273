package dev.mlops.registry;

import java.util.List;

/**
 * A check that must pass before a version enters a stage. Gates run before the transition is
 * written, outside the store's lock; every gate runs and a refusal by any of them raises
 * {@link PromotionRefusedException} with all refusals.
 */
@FunctionalInterface
public interface PromotionGate {

    /**
     * Decides whether {@code version} may move to {@code target}.
     *
     * @param version the version as it is now
     * @param target the stage requested
     * @param evidence the documents attached to the version, oldest first
     */
    GateResult evaluate(ModelVersion version, Stage target, List<Evidence> evidence);

    /**
     * Decides whether {@code version} may move to {@code target} when {@code actor} asks; the
     * registry calls this one. Override it for gates that depend on who acts; by default it
     * ignores the actor.
     *
     * @param actor who asks for the promotion, as the audit log will record it
     */
    default GateResult evaluate(ModelVersion version, Stage target, List<Evidence> evidence, String actor) {
        return evaluate(version, target, evidence);
    }
}
