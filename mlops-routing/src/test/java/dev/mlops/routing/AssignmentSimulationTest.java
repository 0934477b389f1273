package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.data.UnitHash;
import dev.mlops.stats.Distributions;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Seeded simulations over a million unit ids ("user-0000000000" ...). */
class AssignmentSimulationTest {

    static final int UNITS = 1_000_000;

    /** Unit i written into a reused buffer, so a million ids cost no garbage. */
    static final class Ids {
        private final StringBuilder buffer = new StringBuilder(16);

        CharSequence get(int i) {
            buffer.setLength(0);
            buffer.append("user-");
            String digits = Integer.toString(i);
            for (int pad = digits.length(); pad < 10; pad++) {
                buffer.append('0');
            }
            return buffer.append(digits);
        }
    }

    static Experiment experiment(String salt, double... weights) {
        Experiment.Builder b = Experiment.builder("sim", salt);
        for (int i = 0; i < weights.length; i++) {
            b.variant("v" + i, "model:" + (i + 1), weights[i]);
        }
        return b.build();
    }

    @Test
    @DisplayName("slots are uniform: chi-square over 100 buckets of 10^6 ids does not reject (p > 0.001)")
    void uniformity() {
        long seed = UnitHash.seed("uniformity", 0);
        long[] buckets = new long[100];
        Ids ids = new Ids();
        for (int i = 0; i < UNITS; i++) {
            buckets[UnitHash.slot(ids.get(i), seed) / 100]++;
        }
        double expected = UNITS / 100.0;
        double chi2 = 0;
        for (long b : buckets) {
            chi2 += (b - expected) * (b - expected) / expected;
        }
        double p = Distributions.chiSquareSf(chi2, 99);
        System.out.printf("uniformity: chi2 = %.2f, df = 99, p = %.4f%n", chi2, p);
        assertThat(p).isGreaterThan(0.001);
    }

    @Test
    @DisplayName("experiments whose salts differ in one character assign independently (10×10 contingency, p > 0.001)")
    void independence() {
        long seedA = UnitHash.seed("homepage-2024a", 0);
        long seedB = UnitHash.seed("homepage-2024b", 0);
        long[][] table = new long[10][10];
        Ids ids = new Ids();
        long sameHalf = 0;
        for (int i = 0; i < UNITS; i++) {
            CharSequence id = ids.get(i);
            int a = UnitHash.slot(id, seedA);
            int b = UnitHash.slot(id, seedB);
            table[a / 1000][b / 1000]++;
            if (a < 5000 == b < 5000) {
                sameHalf++;
            }
        }
        double chi2 = 0;
        long[] rows = new long[10];
        long[] cols = new long[10];
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                rows[r] += table[r][c];
                cols[c] += table[r][c];
            }
        }
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                double e = (double) rows[r] * cols[c] / UNITS;
                chi2 += (table[r][c] - e) * (table[r][c] - e) / e;
            }
        }
        double p = Distributions.chiSquareSf(chi2, 81);
        double agreement = (double) sameHalf / UNITS;
        System.out.printf("independence: chi2 = %.2f, df = 81, p = %.4f; same 50/50 arm for %.4f of units%n", chi2, p, agreement);
        assertThat(p).isGreaterThan(0.001);
        assertThat(agreement).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.0025));
    }

    @Test
    @DisplayName("a weight change moves the minimum: slots exactly, units within sampling error")
    void movedFraction() {
        Experiment before = experiment("moves", 50, 30, 20);
        Experiment after = before.withWeights(Map.of("v0", 20.0, "v2", 50.0));
        double tvd = 0;
        for (int i = 0; i < 3; i++) {
            tvd += Math.abs(before.shares()[i] - after.shares()[i]) / 2;
        }
        int movedSlots = before.slots().movedSlots(after.slots());
        assertThat(Math.abs(movedSlots / (double) UnitHash.SLOTS - tvd)).isLessThanOrEqualTo(1e-4);

        Assigner a = Assigner.of(before);
        Assigner b = Assigner.of(after);
        Ids ids = new Ids();
        long moved = 0;
        for (int i = 0; i < UNITS; i++) {
            CharSequence id = ids.get(i);
            int from = a.variantIndex(id);
            int to = b.variantIndex(id);
            if (from != to) {
                moved++;
                assertThat(after.shares()[from]).as("units only leave variants that shrank").isLessThan(before.shares()[from]);
                assertThat(after.shares()[to]).as("units only join variants that grew").isGreaterThan(before.shares()[to]);
            }
        }
        double fraction = (double) moved / UNITS;
        double sd = Math.sqrt(tvd * (1 - tvd) / UNITS);
        System.out.printf("weights 50/30/20 -> 20/30/50: TVD %.4f, slots moved %.4f, units moved %.5f (sd %.5f)%n",
            tvd, movedSlots / (double) UnitHash.SLOTS, fraction, sd);
        assertThat(Math.abs(fraction - tvd)).isLessThan(5 * sd);
    }

    @Test
    @DisplayName("a canary ramp 1 → 5 → 25 → 100 % evicts no unit from the canary")
    void rampUpEvictsNobody() {
        Experiment e = Experiment.builder("ramp", "ramp-2024").variant("stable", "m:1", 1).variant("canary", "m:2", 0)
            .canary(Canary.of("canary", 1)).build();
        boolean[] inCanary = new boolean[UNITS];
        Ids ids = new Ids();
        Assigner assigner = Assigner.of(e);
        for (int i = 0; i < UNITS; i++) {
            inCanary[i] = assigner.variantIndex(ids.get(i)) == 1;
        }
        for (double percent : new double[] {5, 25, 100}) {
            e = e.withCanaryPercent(percent);
            assigner = Assigner.of(e);
            long evicted = 0;
            long inside = 0;
            for (int i = 0; i < UNITS; i++) {
                boolean now = assigner.variantIndex(ids.get(i)) == 1;
                if (inCanary[i] && !now) {
                    evicted++;
                }
                inCanary[i] = now;
                inside += now ? 1 : 0;
            }
            System.out.printf("canary at %.0f%%: %.4f of units inside, %d evicted%n", percent, inside / (double) UNITS, evicted);
            assertThat(evicted).isZero();
            assertThat(inside / (double) UNITS).isCloseTo(percent / 100, org.assertj.core.data.Offset.offset(0.003));
        }
    }

    @Test
    @DisplayName("a new phase reshuffles on purpose: about half the units of a 50/50 test change arm")
    void phaseReshuffles() {
        Experiment e = experiment("phases", 1, 1);
        Assigner first = Assigner.of(e);
        Assigner second = Assigner.of(e.withPhase(1));
        Ids ids = new Ids();
        long changed = 0;
        for (int i = 0; i < UNITS; i++) {
            CharSequence id = ids.get(i);
            if (first.variantIndex(id) != second.variantIndex(id)) {
                changed++;
            }
        }
        assertThat(changed / (double) UNITS).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.0025));
    }
}
