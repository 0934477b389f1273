package dev.mlops.routing;

import dev.mlops.registry.ModelRef;

/**
 * One arm of an experiment: a name, the registry reference of the model it serves
 * ({@code churn:7}, {@code churn@challenger}) and a relative weight (any non-negative number;
 * weights are normalized over the experiment).
 *
 * @param name   unique within the experiment; 1 to 100 characters, no control characters
 * @param model  a registry reference as {@link ModelRef#parse} reads it
 * @param weight relative share of units, finite and non-negative
 */
public record Variant(String name, String model, double weight) {

    /**
     * @throws IllegalArgumentException if the name is blank, too long or has control characters,
     *                                  the model reference is malformed, or the weight is
     *                                  negative or not finite
     */
    public Variant {
        if (name == null || name.isBlank() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("variant name must be 1 to 100 characters without control characters, was '" + name + "'");
        }
        if (model == null) {
            throw new IllegalArgumentException("variant '" + name + "': model is required");
        }
        try {
            ModelRef.parse(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("variant '" + name + "': model '" + model + "' is not a registry reference: " + e.getMessage(), e);
        }
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("variant '" + name + "': weight must be a finite non-negative number, was " + weight);
        }
    }

    /** This variant with another weight. */
    Variant withWeight(double newWeight) {
        return new Variant(name, model, newWeight);
    }
}
