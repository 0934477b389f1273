package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StreamDetectorTest {

    static final int RUNS = 200;
    static final int CHANGE_AT = 2_000;
    static final int LENGTH = 5_000;

    /** Detection delay and false alarms over seeded streams with one change point. */
    record Measurement(String name, double detectionRate, double meanDelay, double medianDelay,
                       double falseAlarmsPer1000) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                "%-34s detected %5.1f%%  delay mean %7.1f  median %7.1f  false alarms %.3f per 1000 samples",
                name, 100 * detectionRate, meanDelay, medianDelay, falseAlarmsPer1000);
        }
    }

    interface Stream {
        double next(SplittableRandom random, int t);
    }

    static Measurement measure(String name, Supplier<StreamDetector> factory, Stream stream) {
        long falseAlarms = 0;
        int detected = 0;
        double[] delays = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            SplittableRandom random = new SplittableRandom(1_000 + run);
            StreamDetector detector = factory.get();
            int firstAfter = -1;
            for (int t = 0; t < LENGTH; t++) {
                if (detector.update(stream.next(random, t)) == DetectorState.DRIFT) {
                    if (t < CHANGE_AT) {
                        falseAlarms++;
                    } else if (firstAfter < 0) {
                        firstAfter = t;
                    }
                }
            }
            if (firstAfter >= 0) {
                delays[detected++] = firstAfter - CHANGE_AT;
            }
        }
        double[] found = Arrays.copyOf(delays, detected);
        Arrays.sort(found);
        double mean = Arrays.stream(found).average().orElse(Double.NaN);
        double median = detected == 0 ? Double.NaN : found[detected / 2];
        Measurement m = new Measurement(name, (double) detected / RUNS, mean, median,
            1000.0 * falseAlarms / ((double) RUNS * CHANGE_AT));
        System.out.println(m);
        return m;
    }

    static Stream bernoulli(double before, double after) {
        return (random, t) -> random.nextDouble() < (t < CHANGE_AT ? before : after) ? 1.0 : 0.0;
    }

    static Stream gaussian(double before, double after) {
        return (random, t) -> (t < CHANGE_AT ? before : after) + gaussian(random);
    }

    static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    @Nested
    @DisplayName("on seeded streams with a change at t = 2000")
    class DelayAndFalseAlarms {

        @Test
        void ddmDetectsAnErrorRateJumpFrom10To30Percent() {
            Measurement m = measure("DDM errors 0.1 -> 0.3", Ddm::create, bernoulli(0.1, 0.3));
            assertThat(m.detectionRate()).isGreaterThan(0.95);
            assertThat(m.medianDelay()).isLessThan(500);
        }

        @Test
        void adwinDetectsAnErrorRateJumpFrom10To30Percent() {
            Measurement m = measure("ADWIN errors 0.1 -> 0.3", Adwin::create, bernoulli(0.1, 0.3));
            assertThat(m.detectionRate()).isGreaterThan(0.95);
            assertThat(m.medianDelay()).isLessThan(300);
            assertThat(m.falseAlarmsPer1000()).isLessThan(0.1);
        }

        @Test
        void pageHinkleyDetectsAnErrorRateJumpFrom10To30Percent() {
            Measurement m = measure("Page-Hinkley errors 0.1 -> 0.3", PageHinkley::create, bernoulli(0.1, 0.3));
            assertThat(m.detectionRate()).isGreaterThan(0.95);
            assertThat(m.medianDelay()).isLessThan(500);
        }

        @Test
        void adwinDetectsAMeanShiftOfHalfAStandardDeviation() {
            Measurement m = measure("ADWIN gaussian mean 0 -> 0.5", Adwin::create, gaussian(0, 0.5));
            assertThat(m.detectionRate()).isGreaterThan(0.95);
            assertThat(m.falseAlarmsPer1000()).isLessThan(0.1);
        }

        @Test
        void pageHinkleyDetectsAMeanShiftOfHalfAStandardDeviation() {
            Measurement m = measure("Page-Hinkley gaussian mean 0 -> 0.5", PageHinkley::create, gaussian(0, 0.5));
            assertThat(m.detectionRate()).isGreaterThan(0.95);
            assertThat(m.medianDelay()).isLessThan(400);
        }

        @Test
        void noDetectorFiresOftenWithoutAChange() {
            Measurement ddm = measure("DDM no change (0.2)", Ddm::create, bernoulli(0.2, 0.2));
            Measurement adwin = measure("ADWIN no change (0.2)", Adwin::create, bernoulli(0.2, 0.2));
            Measurement ph = measure("Page-Hinkley no change (0.2)", PageHinkley::create, bernoulli(0.2, 0.2));
            // per 1000 samples over the first 2000; no change means every alarm is false
            assertThat(adwin.falseAlarmsPer1000()).isLessThan(0.1);
            assertThat(ph.falseAlarmsPer1000()).isLessThan(0.1);
            assertThat(ddm.falseAlarmsPer1000()).isLessThan(1.0);
        }
    }

    @Test
    void ddmWarnsBeforeItSignalsDrift() {
        Ddm ddm = Ddm.create();
        SplittableRandom random = new SplittableRandom(7);
        for (int t = 0; t < 1000; t++) {
            ddm.update(random.nextDouble() < 0.1 ? 1 : 0);
        }
        boolean warned = false;
        DetectorState state = DetectorState.STABLE;
        for (int t = 0; t < 2000 && state != DetectorState.DRIFT; t++) {
            state = ddm.update(random.nextDouble() < 0.4 ? 1 : 0);
            warned |= state == DetectorState.WARNING;
        }
        assertThat(state).isEqualTo(DetectorState.DRIFT);
        assertThat(warned).isTrue();
        assertThat(ddm.samples()).as("statistics restart after a drift").isZero();
        assertThat(ddm.drifts()).isEqualTo(1);
    }

    @Test
    void adwinShrinksItsWindowToTheNewConcept() {
        Adwin adwin = Adwin.create();
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 3000; t++) {
            adwin.update(random.nextDouble() < 0.1 ? 1 : 0);
        }
        assertThat(adwin.width()).isEqualTo(3000);
        for (int t = 0; t < 1000; t++) {
            adwin.update(random.nextDouble() < 0.6 ? 1 : 0);
        }
        assertThat(adwin.drifts()).isPositive();
        assertThat(adwin.width()).isLessThan(1500);
        assertThat(adwin.mean()).isBetween(0.5, 0.7);
    }

    @Test
    void resetForgetsTheStreamButKeepsTheDriftCount() {
        for (StreamDetector detector : new StreamDetector[] {Ddm.create(), Adwin.create(), PageHinkley.create()}) {
            SplittableRandom random = new SplittableRandom(11);
            for (int t = 0; t < 3000; t++) {
                detector.update(t < 1500 ? 0 : (random.nextDouble() < 0.9 ? 1 : 0));
            }
            assertThat(detector.drifts()).as(detector.getClass().getSimpleName()).isPositive();
            long drifts = detector.drifts();
            detector.reset();
            assertThat(detector.samples()).isZero();
            assertThat(detector.state()).isEqualTo(DetectorState.STABLE);
            assertThat(detector.drifts()).isEqualTo(drifts);
        }
    }

    @Test
    void detectorsRejectValuesOutsideTheirDomain() {
        assertThatThrownBy(() -> Ddm.create().update(2.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Adwin.create().update(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageHinkley.create().update(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ddm.create(30, 3, 2)).hasMessageContaining("warningLevel");
    }
}
