package dev.mlops.routing;

import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.internal.VariantCounters;
import dev.mlops.stats.Sample;

/**
 * A variant as a {@link Router} serves it: its name, the registry reference of its model, and the
 * model itself through the registry's cache. One instance per variant and configuration, so
 * routing hands it out without allocating.
 *
 * <p>Its counters are the variant's, kept by name across configuration changes: an instance of an
 * earlier configuration reads the same numbers. Reading them takes no lock and allocates nothing
 * (except {@link #conversions()}), so a metrics exporter may read them as often as it likes
 * instead of wrapping calls on the routing path.
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

    /** Units routed to the variant so far (repeat visits included), as {@link Router#stats} counts them. */
    public long assignments() {
        return counters.assignments();
    }

    /** Predictions served through {@link Router#predict} on this variant so far, failed ones included. */
    public long predictions() {
        return counters.predictions();
    }

    /** Predictions on this variant that threw. */
    public long errors() {
        return counters.errors();
    }

    /**
     * The summed latency of this variant's predictions, in nanoseconds (model lookup included):
     * divided by {@link #predictions()}, the mean latency.
     */
    public long predictionNanos() {
        return counters.latencyNanos();
    }

    /** The conversion outcomes reported for this variant (rate k/n). */
    public Sample conversions() {
        return counters.conversionSample();
    }

    @Override
    public String toString() {
        return name + "(" + modelRef + ")";
    }
}
