package dev.mlops.routing;

import dev.mlops.data.UnitHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An experiment's configuration: who is randomized how, between which model versions, and how
 * results are judged. Immutable; every process that holds an equal experiment assigns every unit
 * to the same variant ({@link Assigner}).
 *
 * <p>A unit's slot depends on the salt and phase only ({@link UnitHash}); which variant owns the
 * slot depends on the effective {@link #shares()} and on {@code allocation}, the slot table the
 * variants held before (written with the experiment by {@link ExperimentFiles#toJson}): the
 * table in force is {@code allocation} rebalanced to the shares ({@link Allocation#rebalance}),
 * or, without one, {@link Allocation#of}. Deriving a new configuration with
 * {@link #withWeights}, {@link #withCanaryPercent} or {@link #withVariants} carries the current
 * table along, so the change moves the fewest units possible.
 *
 * @param id         the experiment's name, 1 to 200 characters
 * @param salt       seeds the unit hash; experiments with different salts assign independently
 * @param phase      a non-negative number mixed into the seed: a new phase reshuffles everyone
 * @param variants   1 to {@value Allocation#MAX_VARIANTS} variants with unique names
 * @param control    the variant the others are compared with
 * @param canary     a canary rollout, if this is one
 * @param bandit     adaptive allocation, if this is a bandit (not together with a canary)
 * @param analysis   how results are judged
 * @param allocation the slot table the variants held before, if known
 */
public record Experiment(String id, String salt, long phase, List<Variant> variants, String control,
                         Optional<Canary> canary, Optional<Bandit> bandit, AnalysisSettings analysis,
                         Optional<Allocation> allocation) {

    /**
     * @throws IllegalArgumentException if a field is invalid or the fields contradict each other
     *                                  (the message names the field as experiment files spell it)
     */
    public Experiment {
        if (id == null || id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException("id must be 1 to 200 characters, was '" + id + "'");
        }
        if (salt == null || salt.isEmpty()) {
            throw new IllegalArgumentException("salt must not be empty");
        }
        if (phase < 0) {
            throw new IllegalArgumentException("phase must not be negative, was " + phase);
        }
        variants = List.copyOf(variants);
        if (variants.isEmpty() || variants.size() > Allocation.MAX_VARIANTS) {
            throw new IllegalArgumentException("variants must hold 1 to " + Allocation.MAX_VARIANTS + " variants, found " + variants.size());
        }
        Set<String> names = new HashSet<>();
        for (Variant v : variants) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("variants: name '" + v.name() + "' appears twice");
            }
        }
        if (control == null || !names.contains(control)) {
            throw new IllegalArgumentException("control '" + control + "' is not one of the variants " + names(variants));
        }
        if (canary.isPresent()) {
            String name = canary.get().variant();
            if (!names.contains(name)) {
                throw new IllegalArgumentException("canary.variant '" + name + "' is not one of the variants " + names(variants));
            }
            if (name.equals(control)) {
                throw new IllegalArgumentException("canary.variant '" + name + "' is the control; the canary is the new version");
            }
            if (bandit.isPresent()) {
                throw new IllegalArgumentException("an experiment is a canary or a bandit, not both");
            }
        }
        if (bandit.isPresent() && variants.size() < 2) {
            throw new IllegalArgumentException("bandit needs at least two variants");
        }
        if (allocation.isPresent() && allocation.get().variantCount() != variants.size()) {
            throw new IllegalArgumentException("allocation has " + allocation.get().variantCount()
                + " variants, the experiment " + variants.size());
        }
        shares(variants, canary);  // throws when nothing would be routed anywhere
    }

    /** A builder with the required id and salt; add variants, then {@link Builder#build()}. */
    public static Builder builder(String id, String salt) {
        return new Builder(id, salt);
    }

    /**
     * Each variant's share of the units, in variant order, summing to 1: the normalized weights,
     * or for a canary its percent and the rest split by the other variants' weights.
     */
    public double[] shares() {
        return shares(variants, canary);
    }

    private static double[] shares(List<Variant> variants, Optional<Canary> canary) {
        double[] shares = new double[variants.size()];
        double total = 0;
        for (int i = 0; i < shares.length; i++) {
            if (canary.isEmpty() || !variants.get(i).name().equals(canary.get().variant())) {
                total += variants.get(i).weight();
            }
        }
        double canaryShare = canary.map(c -> c.percent() / 100).orElse(0.0);
        if (!(total > 0) && canaryShare < 1) {
            throw new IllegalArgumentException(canary.isPresent()
                ? "variants: the variants other than the canary need a positive weight unless canary.percent is 100"
                : "variants: at least one weight must be positive");
        }
        for (int i = 0; i < shares.length; i++) {
            boolean isCanary = canary.isPresent() && variants.get(i).name().equals(canary.get().variant());
            shares[i] = isCanary ? canaryShare : total > 0 ? (1 - canaryShare) * variants.get(i).weight() / total : 0;
        }
        return shares;
    }

    /**
     * The slot table in force: {@code allocation} (or equal home ranges) rebalanced to the
     * shares. Computed on each call; {@link Assigner} keeps it.
     */
    public Allocation slots() {
        return allocation.orElseGet(() -> Allocation.homes(variants.size())).rebalance(shares());
    }

    /** The index of the variant with this name, or -1. */
    public int indexOf(String variantName) {
        for (int i = 0; i < variants.size(); i++) {
            if (variants.get(i).name().equals(variantName)) {
                return i;
            }
        }
        return -1;
    }

    /** The variant with this name, if there is one. */
    public Optional<Variant> variant(String variantName) {
        int index = indexOf(variantName);
        return index < 0 ? Optional.empty() : Optional.of(variants.get(index));
    }

    /** The seed of the unit hash, from the salt and the phase. */
    public long seed() {
        return UnitHash.seed(salt, phase);
    }

    /**
     * This experiment with some variants' weights changed, keeping the current slot table so
     * that only the slots the change requires move. Variants not named keep their weight.
     *
     * @throws IllegalArgumentException if a name is not a variant or a weight is invalid
     */
    public Experiment withWeights(Map<String, Double> weights) {
        List<Variant> changed = new ArrayList<>(variants);
        weights.forEach((name, weight) -> {
            int index = indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("no variant '" + name + "' in " + names(variants));
            }
            changed.set(index, changed.get(index).withWeight(weight));
        });
        return new Experiment(id, salt, phase, changed, control, canary, bandit, analysis, Optional.of(slots()));
    }

    /**
     * This canary at another percent, keeping the current slot table: ramping up never moves a
     * unit out of the canary, and 0 rolls it back completely.
     *
     * @throws IllegalStateException    if the experiment is not a canary
     * @throws IllegalArgumentException if the percent is outside [0, 100]
     */
    public Experiment withCanaryPercent(double percent) {
        Canary current = canary.orElseThrow(() -> new IllegalStateException("experiment '" + id + "' has no canary"));
        return new Experiment(id, salt, phase, variants, control, Optional.of(current.withPercent(percent)), bandit,
            analysis, Optional.of(slots()));
    }

    /**
     * This experiment with other variants (added, removed, re-weighted or re-pointed at other
     * models), keeping the slots of the variants that stay, by name; the slots of removed variants
     * go to those that need more. The control must stay.
     *
     * @throws IllegalArgumentException if the variants are invalid or the control, canary or
     *                                  bandit no longer fits
     */
    public Experiment withVariants(List<Variant> newVariants) {
        Allocation current = slots();
        int[] owners = new int[UnitHash.SLOTS];
        int[] newIndex = new int[variants.size()];
        for (int i = 0; i < variants.size(); i++) {
            newIndex[i] = -1;
            for (int j = 0; j < newVariants.size(); j++) {
                if (newVariants.get(j).name().equals(variants.get(i).name())) {
                    newIndex[i] = j;
                }
            }
        }
        for (int s = 0; s < owners.length; s++) {
            owners[s] = newIndex[current.ownerOf(s)];
        }
        Allocation carried = Allocation.ofOwners(owners, newVariants.size());
        return new Experiment(id, salt, phase, newVariants, control, canary, bandit, analysis, Optional.of(carried));
    }

    /** This experiment in another phase: every unit is hashed afresh (a deliberate reshuffle). */
    public Experiment withPhase(long newPhase) {
        return new Experiment(id, salt, newPhase, variants, control, canary, bandit, analysis, allocation);
    }

    /** This experiment judged with other settings. */
    public Experiment withAnalysis(AnalysisSettings settings) {
        return new Experiment(id, salt, phase, variants, control, canary, bandit, settings, allocation);
    }

    private static List<String> names(List<Variant> variants) {
        return variants.stream().map(Variant::name).toList();
    }

    /** Collects an experiment's fields; {@link #build()} validates them. */
    public static final class Builder {
        private final String id;
        private final String salt;
        private long phase;
        private final List<Variant> variants = new ArrayList<>();
        private String control;
        private Canary canary;
        private Bandit bandit;
        private AnalysisSettings analysis = AnalysisSettings.defaults();
        private Allocation allocation;

        private Builder(String id, String salt) {
            this.id = id;
            this.salt = salt;
        }

        /** Adds a variant; the first one is the control unless {@link #control} says otherwise. */
        public Builder variant(String name, String model, double weight) {
            variants.add(new Variant(name, model, weight));
            return this;
        }

        /** The phase mixed into the seed (default 0). */
        public Builder phase(long value) {
            this.phase = value;
            return this;
        }

        /** The variant the others are compared with (default: the first). */
        public Builder control(String name) {
            this.control = name;
            return this;
        }

        /** Makes this a canary rollout. */
        public Builder canary(Canary value) {
            this.canary = value;
            return this;
        }

        /** Makes this a bandit. */
        public Builder bandit(Bandit value) {
            this.bandit = value;
            return this;
        }

        /** How results are judged (default {@link AnalysisSettings#defaults()}). */
        public Builder analysis(AnalysisSettings value) {
            this.analysis = value;
            return this;
        }

        /** The slot table the variants held before. */
        public Builder allocation(Allocation value) {
            this.allocation = value;
            return this;
        }

        /**
         * The experiment.
         *
         * @throws IllegalArgumentException if the fields are invalid
         */
        public Experiment build() {
            String effectiveControl = control;
            if (effectiveControl == null && !variants.isEmpty()) {
                effectiveControl = variants.get(0).name();
                if (canary != null && canary.variant().equals(effectiveControl) && variants.size() > 1) {
                    effectiveControl = variants.get(1).name();
                }
            }
            return new Experiment(id, salt, phase, variants, effectiveControl, Optional.ofNullable(canary),
                Optional.ofNullable(bandit), analysis, Optional.ofNullable(allocation));
        }
    }
}
