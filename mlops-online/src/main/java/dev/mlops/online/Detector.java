package dev.mlops.online;

import dev.mlops.drift.StreamDetector;

/**
 * The concept-drift detector an online learner runs on its error stream (1 for a wrong
 * prequential prediction, 0 for a right one), from {@code dev.mlops.drift}. Only a rise of the
 * error rate counts as drift: ADWIN, which also notices falls (a model that is still learning
 * gets better), has those ignored; DDM and Page-Hinkley detect rises only. After a detected rise
 * the detector starts afresh, so that one change is reported once.
 */
public sealed interface Detector permits Detector.AdwinSettings, Detector.DdmSettings, Detector.PageHinkleySettings {

    /** ADWIN with δ = 0.002 (the drift module's defaults). */
    static Detector adwin() {
        return new AdwinSettings(0.002);
    }

    /** ADWIN with confidence δ (smaller: fewer false alarms, later detection). */
    static Detector adwin(double delta) {
        return new AdwinSettings(delta);
    }

    /** DDM with the paper's settings: 30 samples, warning at 2, drift at 3 deviations. */
    static Detector ddm() {
        return new DdmSettings(30, 2, 3);
    }

    /** Page-Hinkley with δ = 0.005, λ = 50, 30 samples before any alarm. */
    static Detector pageHinkley() {
        return new PageHinkleySettings(0.005, 50, 30);
    }

    /** Page-Hinkley with tolerated change δ and threshold λ, in error-rate units summed over samples. */
    static Detector pageHinkley(double delta, double lambda) {
        return new PageHinkleySettings(delta, lambda, 30);
    }

    /**
     * The detector of this name: {@code adwin}, {@code ddm} or {@code page-hinkley}, with defaults.
     *
     * @throws IllegalArgumentException for another name
     */
    static Detector parse(String name) {
        return switch (name.strip().toLowerCase(java.util.Locale.ROOT).replace("_", "-")) {
            case "adwin" -> adwin();
            case "ddm" -> ddm();
            case "page-hinkley", "pagehinkley", "ph" -> pageHinkley();
            default -> throw new IllegalArgumentException("unknown detector '" + name + "'; known: adwin, ddm, page-hinkley");
        };
    }

    /** A new detector in its initial state. */
    StreamDetector create();

    /** The name: {@code adwin}, {@code ddm} or {@code page-hinkley}. */
    String name();

    /**
     * ADWIN2 ({@link dev.mlops.drift.Adwin}) with the drift module's other defaults.
     *
     * @param delta confidence, in (0, 0.02]
     */
    record AdwinSettings(double delta) implements Detector {
        public AdwinSettings {
            if (!(delta > 0 && delta <= 0.02)) {
                throw new IllegalArgumentException("ADWIN delta must be in (0, 0.02], got " + delta);
            }
        }

        @Override
        public StreamDetector create() {
            return dev.mlops.drift.Adwin.create(delta, 0.02, 5, 32, 5);
        }

        @Override
        public String name() {
            return "adwin";
        }
    }

    /**
     * DDM ({@link dev.mlops.drift.Ddm}).
     *
     * @param minSamples observations before any alarm
     * @param warningLevel deviations for a warning
     * @param driftLevel deviations for drift
     */
    record DdmSettings(int minSamples, double warningLevel, double driftLevel) implements Detector {
        public DdmSettings {
            dev.mlops.drift.Ddm.create(minSamples, warningLevel, driftLevel);
        }

        @Override
        public StreamDetector create() {
            return dev.mlops.drift.Ddm.create(minSamples, warningLevel, driftLevel);
        }

        @Override
        public String name() {
            return "ddm";
        }
    }

    /**
     * Page-Hinkley ({@link dev.mlops.drift.PageHinkley}) for a rise of the error rate; warning at λ/2.
     *
     * @param delta tolerated change per sample
     * @param lambda alarm threshold
     * @param minSamples observations before any alarm
     */
    record PageHinkleySettings(double delta, double lambda, int minSamples) implements Detector {
        public PageHinkleySettings {
            dev.mlops.drift.PageHinkley.create(delta, lambda, lambda / 2, minSamples);
        }

        @Override
        public StreamDetector create() {
            return dev.mlops.drift.PageHinkley.create(delta, lambda, lambda / 2, minSamples);
        }

        @Override
        public String name() {
            return "page-hinkley";
        }
    }
}
