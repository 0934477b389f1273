package dev.mlops.routing;

import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.internal.VariantCounters;

/**
 * A variant as a {@link Router} serves it: its name, the registry reference of its model, and the
 * model itself through the registry's cache. One instance per variant and configuration, so
 * routing hands it out without allocating.
 *
 * @param <M> the model type
 */
public final class ServedVariant<M> {

    private final String name;
    private final String modelRef;
    private final int index;
    private final ModelRegistry registry;
    private final ModelFormat<M> format;
    final VariantCounters counters;

    ServedVariant(Variant variant, int index, ModelRegistry registry, ModelFormat<M> format, VariantCounters counters) {
        this.name = variant.name();
        this.modelRef = variant.model();
        this.index = index;
        this.registry = registry;
        this.format = format;
        this.counters = counters;
    }

    /** The variant's name. */
    public String name() {
        return name;
    }

    /** The registry reference of the variant's model ({@code churn:7}, {@code churn@challenger}). */
    public String modelRef() {
        return modelRef;
    }

    /** The variant's position in the experiment. */
    public int index() {
        return index;
    }

    /**
     * The model, from the registry's cache; follows promotions and alias moves.
     *
     * @throws dev.mlops.registry.ModelNotFoundException if the reference points nowhere
     * @throws dev.mlops.registry.IntegrityException     if the artifact does not verify
     */
    public M model() {
        return registry.load(modelRef, format);
    }

    @Override
    public String toString() {
        return name + "(" + modelRef + ")";
    }
}
