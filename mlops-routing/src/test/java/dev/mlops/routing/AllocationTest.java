package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.data.UnitHash;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AllocationTest {

    static Stream<Arguments> allocations() {
        return Fixtures.cases("allocations");
    }

    static double[] weights(JsonNode c) {
        double[] w = new double[c.get("weights").size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = c.get("weights").get(i).asDouble();
        }
        return w;
    }

    /** The total variation distance between two slot count vectors, in slots. */
    static int totalVariation(int[] a, int[] b) {
        int sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / 2;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allocations")
    @DisplayName("counts and slot ranges match the algorithm as documented (reproduced in Python)")
    void matchesReference(String name, JsonNode c) {
        Allocation allocation = Allocation.of(weights(c));
        for (int v = 0; v < allocation.variantCount(); v++) {
            assertThat(allocation.counts()[v]).isEqualTo(c.get("counts").get(v).asInt());
            List<List<Integer>> expected = new ArrayList<>();
            c.get("ranges").get(String.valueOf(v)).forEach(r -> expected.add(List.of(r.get(0).asInt(), r.get(1).asInt())));
            assertThat(allocation.ranges(v).stream().map(r -> List.of(r[0], r[1])).toList()).isEqualTo(expected);
        }
    }

    @Nested
    @DisplayName("slot counts")
    class Counts {

        @Test
        @DisplayName("follow the weights by largest remainder, summing to 10,000")
        void largestRemainder() {
            assertThat(Allocation.slotCounts(new double[] {1, 1, 1})).containsExactly(3334, 3333, 3333);
            assertThat(Allocation.slotCounts(new double[] {0.35, 0.65})).containsExactly(3500, 6500);
            assertThat(Allocation.slotCounts(new double[] {0, 5, 0})).containsExactly(0, 10_000, 0);
            assertThat(Allocation.slotCounts(new double[] {2, 1})).containsExactly(6667, 3333);
        }

        @Test
        @DisplayName("refuse negative, infinite or all-zero weights")
        void invalid() {
            assertThatThrownBy(() -> Allocation.slotCounts(new double[] {-1, 2})).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Allocation.slotCounts(new double[] {Double.POSITIVE_INFINITY, 2}))
                .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Allocation.slotCounts(new double[] {0, 0})).hasMessageContaining("positive");
            assertThatThrownBy(() -> Allocation.slotCounts(new double[101])).hasMessageContaining("1 to 100");
        }
    }

    @Nested
    @DisplayName("rebalancing")
    class Rebalancing {

        @Test
        @DisplayName("moves exactly the total variation distance for random changes of up to 6 variants")
        void minimalForRandomChanges() {
            SplittableRandom random = new SplittableRandom(11);
            for (int trial = 0; trial < 500; trial++) {
                int k = random.nextInt(2, 7);
                Allocation current = Allocation.of(randomWeights(random, k));
                for (int step = 0; step < 5; step++) {
                    double[] next = randomWeights(random, k);
                    Allocation rebalanced = current.rebalance(next);
                    assertThat(rebalanced.counts()).containsExactly(Allocation.slotCounts(next));
                    assertThat(current.movedSlots(rebalanced)).isEqualTo(totalVariation(current.counts(), rebalanced.counts()));
                    current = rebalanced;
                }
            }
        }

        @Test
        @DisplayName("without history, every change between two variants moves the minimum")
        void statelessTwoVariants() {
            SplittableRandom random = new SplittableRandom(12);
            for (int trial = 0; trial < 300; trial++) {
                double[] a = randomWeights(random, 2);
                double[] b = randomWeights(random, 2);
                Allocation x = Allocation.of(a);
                Allocation y = Allocation.of(b);
                assertThat(x.movedSlots(y)).isEqualTo(totalVariation(x.counts(), y.counts()));
            }
        }

        @Test
        @DisplayName("a canary ramp 1 → 5 → 25 → 100 % never takes a slot from the canary, with or without history")
        void rampNeverEvicts() {
            double[] ramp = {1, 5, 25, 100};
            Allocation carried = Allocation.of(new double[] {100 - ramp[0], ramp[0]});
            Allocation previousStateless = carried;
            for (int i = 1; i < ramp.length; i++) {
                double[] weights = {100 - ramp[i], ramp[i]};
                Allocation next = carried.rebalance(weights);
                Allocation stateless = Allocation.of(weights);
                for (int s = 0; s < UnitHash.SLOTS; s++) {
                    if (carried.ownerOf(s) == 1) {
                        assertThat(next.ownerOf(s)).as("slot %d at %s%%", s, ramp[i]).isEqualTo(1);
                    }
                    if (previousStateless.ownerOf(s) == 1) {
                        assertThat(stateless.ownerOf(s)).isEqualTo(1);
                    }
                }
                assertThat(carried.movedSlots(next)).isEqualTo((int) Math.round((ramp[i] - ramp[i - 1]) * 100));
                carried = next;
                previousStateless = stateless;
            }
        }

        @Test
        @DisplayName("a canary among three variants is never evicted while it ramps up with history")
        void rampAmongThree() {
            Experiment e = Experiment.builder("ramp", "ramp").variant("a", "m:1", 60).variant("b", "m:2", 40)
                .variant("canary", "m:3", 0).canary(Canary.of("canary", 1)).build();
            for (double percent : new double[] {5, 25, 50, 100}) {
                Experiment next = e.withCanaryPercent(percent);
                Allocation before = e.slots();
                Allocation after = next.slots();
                for (int s = 0; s < UnitHash.SLOTS; s++) {
                    if (before.ownerOf(s) == 2) {
                        assertThat(after.ownerOf(s)).isEqualTo(2);
                    }
                }
                assertThat(before.movedSlots(after)).isEqualTo(totalVariation(before.counts(), after.counts()));
                e = next;
            }
        }

        @Test
        @DisplayName("fills free slots and keeps the owners that fit")
        void fillsFreeSlots() {
            int[] owners = new int[UnitHash.SLOTS];
            for (int s = 0; s < owners.length; s++) {
                owners[s] = s < 3000 ? 0 : s < 6000 ? -1 : 1;
            }
            Allocation partial = Allocation.ofOwners(owners, 2);
            assertThat(partial.isComplete()).isFalse();
            Allocation full = partial.rebalance(new double[] {1, 1});
            assertThat(full.isComplete()).isTrue();
            assertThat(full.counts()).containsExactly(5000, 5000);
            for (int s = 0; s < UnitHash.SLOTS; s++) {
                if (owners[s] >= 0) {
                    assertThat(full.ownerOf(s)).isEqualTo(owners[s]);
                }
            }
        }

        @Test
        @DisplayName("is idempotent: the same weights move nothing")
        void idempotent() {
            Allocation a = Allocation.of(new double[] {3, 5, 2});
            assertThat(a.rebalance(new double[] {3, 5, 2})).isEqualTo(a);
            assertThat(a.rebalance(new double[] {30, 50, 20}).movedSlots(a)).isZero();
        }
    }

    static double[] randomWeights(SplittableRandom random, int k) {
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble(0.1, 100);
        }
        w[random.nextInt(k)] += 1;  // never all zero
        return w;
    }
}
