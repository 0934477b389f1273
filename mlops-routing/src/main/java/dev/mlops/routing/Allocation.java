package dev.mlops.routing;

import dev.mlops.data.UnitHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which variant owns each of the {@value UnitHash#SLOTS} slots: an immutable table. Variants are
 * numbered by their position in the experiment; a slot may be free (owned by none) only in an
 * allocation read back for variants that were removed since, and {@link #rebalance} fills it.
 *
 * <p><b>Slot counts.</b> Weights become counts by the largest-remainder method: variant i gets
 * floor(q_i) slots, q_i = 10000 · w_i / Σw (a q_i within 1e-9 of an integer counts as that
 * integer), and the slots still missing go one each to the largest fractional parts, ties to the
 * lower index.
 *
 * <p><b>Rebalancing</b> moves as few slots as possible: scanning slots in ascending order, a slot
 * stays with its variant while that variant holds fewer than its new count; every other slot is
 * released, and released slots, in ascending order, fill the variants short of their count in
 * index order. Exactly Σ max(0, held_i − count_i) slots change hands: the total variation
 * distance between the old and the new counts, the least any reassignment can move.
 *
 * <p><b>Without history</b> ({@link #of}), the allocation is the rebalancing of equal home
 * ranges (variant i of k starts out owning the slots s with floor(s · k / 10000) = i). That is a
 * function of the counts alone, so every process computes the same table. Between two variants
 * it moves the minimum for every change (a canary ramp included: the canary keeps a growing
 * prefix of its home range and never loses a unit). With three or more variants no function of
 * the weights alone can be minimal for every change (transfers A→B, B→C and A→C cannot all be),
 * so the experiment keeps its previous allocation when its weights change
 * ({@link Experiment#withWeights}), and rebalancing from it is minimal for every change.
 */
public final class Allocation {

    /** The most variants an experiment may have. */
    public static final int MAX_VARIANTS = 100;

    private static final byte FREE = -1;

    private final byte[] owners;
    private final int variantCount;

    private Allocation(byte[] owners, int variantCount) {
        this.owners = owners;
        this.variantCount = variantCount;
    }

    /**
     * The allocation of these weights without history: equal home ranges, rebalanced.
     *
     * @throws IllegalArgumentException if there are no weights, more than {@value #MAX_VARIANTS},
     *                                  a weight is negative or not finite, or all are zero
     */
    public static Allocation of(double[] weights) {
        return homes(weights.length).rebalance(weights);
    }

    /**
     * An allocation from explicit owners per slot ({@code -1}: free); for reading one back.
     *
     * @throws IllegalArgumentException if the array is not {@value UnitHash#SLOTS} long or an
     *                                  owner is outside [-1, variantCount)
     */
    public static Allocation ofOwners(int[] owners, int variantCount) {
        checkVariantCount(variantCount);
        if (owners.length != UnitHash.SLOTS) {
            throw new IllegalArgumentException("need " + UnitHash.SLOTS + " slots, got " + owners.length);
        }
        byte[] table = new byte[UnitHash.SLOTS];
        for (int s = 0; s < owners.length; s++) {
            if (owners[s] < -1 || owners[s] >= variantCount) {
                throw new IllegalArgumentException("slot " + s + " has owner " + owners[s]
                    + ", outside [-1, " + variantCount + ")");
            }
            table[s] = (byte) owners[s];
        }
        return new Allocation(table, variantCount);
    }

    /** Equal contiguous home ranges: slot s belongs to variant floor(s · k / 10000). */
    static Allocation homes(int variantCount) {
        checkVariantCount(variantCount);
        byte[] table = new byte[UnitHash.SLOTS];
        for (int s = 0; s < table.length; s++) {
            table[s] = (byte) ((long) s * variantCount / UnitHash.SLOTS);
        }
        return new Allocation(table, variantCount);
    }

    /**
     * The slot counts of these weights, by the largest-remainder method (see the class comment).
     *
     * @throws IllegalArgumentException if a weight is negative or not finite, or all are zero
     */
    public static int[] slotCounts(double[] weights) {
        checkVariantCount(weights.length);
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " must be a finite non-negative number, was " + weights[i]);
            }
            total += weights[i];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("at least one weight must be positive: " + Arrays.toString(weights));
        }
        int[] counts = new int[weights.length];
        double[] fractions = new double[weights.length];
        int assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            double quota = weights[i] / total * UnitHash.SLOTS;
            double nearest = Math.rint(quota);
            if (Math.abs(quota - nearest) < 1e-9) {
                quota = nearest;  // 0.35 of 10000 is 3500, whatever the last bit of 0.35 says
            }
            counts[i] = (int) Math.floor(quota);
            fractions[i] = quota - counts[i];
            assigned += counts[i];
        }
        for (int missing = UnitHash.SLOTS - assigned; missing > 0; missing--) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] > 0 && (best < 0 || fractions[i] > fractions[best])) {
                    best = i;
                }
            }
            counts[best]++;
            fractions[best] = -1;
        }
        return counts;
    }

    /**
     * The allocation for new weights that keeps every slot whose variant still has room (see the
     * class comment). The number of variants stays the same.
     *
     * @throws IllegalArgumentException if the number of weights differs from {@link #variantCount}
     *                                  or the weights are invalid
     */
    public Allocation rebalance(double[] weights) {
        if (weights.length != variantCount) {
            throw new IllegalArgumentException("allocation has " + variantCount + " variants, got "
                + weights.length + " weights");
        }
        int[] targets = slotCounts(weights);
        int[] kept = new int[variantCount];
        byte[] table = new byte[UnitHash.SLOTS];
        for (int s = 0; s < table.length; s++) {
            int owner = owners[s];
            if (owner != FREE && kept[owner] < targets[owner]) {
                kept[owner]++;
                table[s] = (byte) owner;
            } else {
                table[s] = FREE;
            }
        }
        int receiver = 0;
        for (int s = 0; s < table.length; s++) {
            if (table[s] == FREE) {
                while (kept[receiver] >= targets[receiver]) {
                    receiver++;
                }
                kept[receiver]++;
                table[s] = (byte) receiver;
            }
        }
        return new Allocation(table, variantCount);
    }

    /** The number of variants the slots are shared between. */
    public int variantCount() {
        return variantCount;
    }

    /** The variant owning a slot, or -1 when the slot is free. */
    public int ownerOf(int slot) {
        return owners[slot];
    }

    /** Whether every slot has an owner. */
    public boolean isComplete() {
        for (byte owner : owners) {
            if (owner == FREE) {
                return false;
            }
        }
        return true;
    }

    /** The number of slots each variant owns. */
    public int[] counts() {
        int[] counts = new int[variantCount];
        for (byte owner : owners) {
            if (owner != FREE) {
                counts[owner]++;
            }
        }
        return counts;
    }

    /**
     * The number of slots whose owner differs between the two allocations (a free slot differs
     * from an owned one).
     */
    public int movedSlots(Allocation other) {
        int moved = 0;
        for (int s = 0; s < owners.length; s++) {
            if (owners[s] != other.owners[s]) {
                moved++;
            }
        }
        return moved;
    }

    /** The slots of a variant as inclusive ranges {@code [first, last]}, ascending. */
    public List<int[]> ranges(int variant) {
        List<int[]> ranges = new ArrayList<>();
        int start = -1;
        for (int s = 0; s <= owners.length; s++) {
            boolean owned = s < owners.length && owners[s] == variant;
            if (owned && start < 0) {
                start = s;
            } else if (!owned && start >= 0) {
                ranges.add(new int[] {start, s - 1});
                start = -1;
            }
        }
        return ranges;
    }

    /** The owners table itself, for the assignment hot path; never modified. */
    byte[] table() {
        return owners;
    }

    private static void checkVariantCount(int variantCount) {
        if (variantCount < 1 || variantCount > MAX_VARIANTS) {
            throw new IllegalArgumentException("an experiment has 1 to " + MAX_VARIANTS + " variants, not " + variantCount);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Allocation other && variantCount == other.variantCount && Arrays.equals(owners, other.owners);
    }

    @Override
    public int hashCode() {
        return 31 * variantCount + Arrays.hashCode(owners);
    }

    @Override
    public String toString() {
        return "Allocation" + Arrays.toString(counts());
    }
}
