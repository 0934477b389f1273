package dev.mlops.routing;

import dev.mlops.data.UnitHash;
import java.util.List;

/**
 * Assigns units to variants for one experiment configuration: one {@link UnitHash} of the unit
 * id, then a lookup in the slot table. Immutable and thread-safe; {@link #assign} and
 * {@link #variantIndex} allocate nothing and take no lock.
 *
 * <pre>{@code
 * Assigner assigner = Assigner.of(ExperimentFiles.read(Path.of("exp.json")));
 * String variant = assigner.assign("user-42");
 * }</pre>
 */
public final class Assigner {

    private final Experiment experiment;
    private final long seed;
    private final byte[] owners;
    private final String[] names;
    private final Allocation allocation;

    private Assigner(Experiment experiment) {
        this.experiment = experiment;
        this.seed = experiment.seed();
        this.allocation = experiment.slots();
        this.owners = allocation.table();
        List<Variant> variants = experiment.variants();
        this.names = new String[variants.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = variants.get(i).name();
        }
    }

    /** The assigner of an experiment; computes its slot table once. */
    public static Assigner of(Experiment experiment) {
        return new Assigner(experiment);
    }

    /** The name of the variant a unit is assigned to. */
    public String assign(CharSequence unit) {
        return names[owners[UnitHash.slot(unit, seed)]];
    }

    /** The index (in {@link Experiment#variants()}) of the variant a unit is assigned to. */
    public int variantIndex(CharSequence unit) {
        return owners[UnitHash.slot(unit, seed)];
    }

    /** The experiment this assigner serves. */
    public Experiment experiment() {
        return experiment;
    }

    /** The slot table in force. */
    public Allocation allocation() {
        return allocation;
    }
}
