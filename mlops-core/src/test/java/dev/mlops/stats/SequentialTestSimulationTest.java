package dev.mlops.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Seeded A/A and A/B simulations of an experiment that is looked at 20 times: the always-valid
 * mSPRT keeps its false-positive rate, a naive z-test at every look does not.
 */
class SequentialTestSimulationTest {

    static final int EXPERIMENTS = 2000;
    static final int LOOKS = 20;
    static final int UNITS_PER_LOOK = 100;
    static final double ALPHA = 0.05;
    /** The mixing standard deviation the router uses by default, in pooled standard deviations. */
    static final double TAU = 0.1;

    /** Per simulated experiment: did the test ever reject over the looks? */
    record Rejections(double msprt, double naiveZ) {
    }

    static Rejections simulate(double controlRate, double treatmentRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int msprtRejections = 0;
        int zRejections = 0;
        for (int e = 0; e < EXPERIMENTS; e++) {
            long kc = 0;
            long kt = 0;
            long n = 0;
            double runningMin = 1;
            boolean zRejected = false;
            for (int look = 0; look < LOOKS; look++) {
                for (int u = 0; u < UNITS_PER_LOOK; u++) {
                    kc += random.nextDouble() < controlRate ? 1 : 0;
                    kt += random.nextDouble() < treatmentRate ? 1 : 0;
                }
                n += UNITS_PER_LOOK;
                TestResult sequential = TwoSampleTests.msprt(Sample.ofConversions(kc, n), Sample.ofConversions(kt, n), true,
                    TAU, ALPHA);
                runningMin = Math.min(runningMin, sequential.pValue().orElseThrow());
                zRejected |= TwoSampleTests.twoProportion(kc, n, kt, n, ALPHA).pValue().orElseThrow() < ALPHA;
            }
            msprtRejections += runningMin < ALPHA ? 1 : 0;
            zRejections += zRejected ? 1 : 0;
        }
        return new Rejections((double) msprtRejections / EXPERIMENTS, (double) zRejections / EXPERIMENTS);
    }

    @Test
    @DisplayName("A/A with 20 looks: mSPRT false positives stay within α + 2 standard errors, a naive z-test reaches ~25%")
    void falsePositives() {
        Rejections r = simulate(0.10, 0.10, 2024);
        double standardError = Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS);
        System.out.printf("A/A, %d experiments x %d looks: mSPRT false-positive rate %.4f (bound %.4f), naive z %.4f%n",
            EXPERIMENTS, LOOKS, r.msprt(), ALPHA + 2 * standardError, r.naiveZ());
        assertThat(r.msprt()).isLessThanOrEqualTo(ALPHA + 2 * standardError);
        assertThat(r.naiveZ()).isGreaterThan(0.18);
    }

    @Test
    @DisplayName("with a real lift (10% → 14%) the mSPRT detects it in most experiments within the 20 looks")
    void power() {
        Rejections r = simulate(0.10, 0.14, 2025);
        System.out.printf("A/B 10%% -> 14%%: mSPRT detected %.4f, naive z %.4f%n", r.msprt(), r.naiveZ());
        assertThat(r.msprt()).isGreaterThan(0.8);
    }
}
