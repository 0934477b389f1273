package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a restored detector snapshot continues exactly where the detector was")
class DetectorSnapshotTest {

    /** Bernoulli errors at 10%, then 30% from observation 3,000 on: one real change. */
    private static double[] errors() {
        SplittableRandom random = new SplittableRandom(7);
        double[] values = new double[8_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < (i < 3_000 ? 0.1 : 0.3) ? 1 : 0;
        }
        return values;
    }

    /**
     * Runs one detector over everything and another over the first {@code cut} values, restores a
     * third from the second's snapshot and compares the third's states with the first's.
     */
    private static <D extends StreamDetector> void continuesExactly(D uninterrupted, D interrupted,
                                                                     Function<D, D> snapshotAndRestore,
                                                                     Function<D, Double> statistic) {
        double[] values = errors();
        int cut = 2_990;
        for (int i = 0; i < cut; i++) {
            uninterrupted.update(values[i]);
            interrupted.update(values[i]);
        }
        D restored = snapshotAndRestore.apply(interrupted);
        long driftsAfterCut = 0;
        for (int i = cut; i < values.length; i++) {
            DetectorState expected = uninterrupted.update(values[i]);
            assertThat(restored.update(values[i])).as("state at %d", i).isEqualTo(expected);
            assertThat(Double.doubleToRawLongBits(statistic.apply(restored)))
                .as("statistic at %d", i).isEqualTo(Double.doubleToRawLongBits(statistic.apply(uninterrupted)));
            driftsAfterCut += expected == DetectorState.DRIFT ? 1 : 0;
        }
        assertThat(driftsAfterCut).as("the change after the cut is detected").isPositive();
        assertThat(restored.drifts()).isEqualTo(uninterrupted.drifts());
        assertThat(restored.samples()).isEqualTo(uninterrupted.samples());
    }

    @Test
    @DisplayName("ADWIN: same states, window mean and width after the restore")
    void adwin() {
        continuesExactly(Adwin.create(), Adwin.create(), a -> Adwin.restore(a.snapshot()), Adwin::mean);
        Adwin adwin = Adwin.create(0.01, 0.05, 3, 8, 4);
        for (double v : errors()) {
            adwin.update(v);
        }
        Adwin.Snapshot snapshot = adwin.snapshot();
        assertThat(Adwin.restore(snapshot).snapshot()).isEqualTo(snapshot);
        assertThat(Adwin.restore(snapshot).width()).isEqualTo(adwin.width());
    }

    @Test
    @DisplayName("DDM: same states after the restore")
    void ddm() {
        continuesExactly(Ddm.create(), Ddm.create(), d -> Ddm.restore(d.snapshot()), d -> (double) d.samples());
    }

    @Test
    @DisplayName("Page-Hinkley: same states and statistic after the restore")
    void pageHinkley() {
        continuesExactly(PageHinkley.create(0.005, 20, 10, 30), PageHinkley.create(0.005, 20, 10, 30),
            p -> PageHinkley.restore(p.snapshot()), PageHinkley::statistic);
    }

    @Test
    @DisplayName("a snapshot is unaffected by later updates, and one that does not fit is refused")
    void independentAndChecked() {
        Adwin adwin = Adwin.create();
        adwin.update(1);
        Adwin.Snapshot before = adwin.snapshot();
        for (int i = 0; i < 100; i++) {
            adwin.update(0);
        }
        assertThat(Adwin.restore(before).samples()).isEqualTo(1);
        Adwin.Snapshot wrongSize = new Adwin.Snapshot(0.002, 0.02, 7, 32, 5, new long[3], new double[3],
            new double[3], new int[64], new int[64], 0, 0, 0, 0, 0, DetectorState.STABLE, 0);
        assertThatThrownBy(() -> Adwin.restore(wrongSize)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxBuckets 7");
        assertThatThrownBy(() -> Ddm.restore(new Ddm.Snapshot(0, 2, 3, 0, 0, 0, 0, DetectorState.STABLE, 0)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
