package dev.mlops.drift;

import dev.mlops.drift.internal.ReportRendering;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The result of one drift check: every feature's tests and verdict, and the dataset verdict.
 * {@link #toJson()} is exactly the {@code mlops drift --format json} document.
 *
 * @param features     per-feature verdicts, in profile order ({@link #bySeverity()}: worst first)
 * @param drifted      whether the dataset drifted (see {@link DriftConfig#minDriftedShare()})
 * @param driftedShare drifted features / features, 0 without features
 * @param config       the rules the verdict followed
 * @param reference    what the reference data is, e.g. {@code train.csv}
 * @param current      what the checked data is, e.g. {@code today.csv}
 * @param checkedAt    when the check ran
 */
public record DriftReport(List<FeatureDrift> features, boolean drifted, double driftedShare, DriftConfig config,
                          String reference, String current, Instant checkedAt) {

    /** Worst first: by severity, then drifted before not, then the decisive test's adjusted p-value. */
    private static final Comparator<FeatureDrift> WORST_FIRST = Comparator
        .comparing(FeatureDrift::severity, Comparator.reverseOrder())
        .thenComparing(FeatureDrift::drifted, Comparator.reverseOrder())
        .thenComparingDouble(f -> f.adjustedPValue().orElse(Double.POSITIVE_INFINITY));

    /** @throws IllegalArgumentException on a null part or a share outside [0, 1] */
    public DriftReport {
        if (features == null || config == null || reference == null || current == null || checkedAt == null) {
            throw new IllegalArgumentException("features, config, the data sets' names and the time are required");
        }
        if (!(driftedShare >= 0 && driftedShare <= 1)) {
            throw new IllegalArgumentException("driftedShare outside [0, 1]: " + driftedShare);
        }
        features = List.copyOf(features);
    }

    /**
     * The features worst first: by severity (CRITICAL first), then drifted ones before the others,
     * then by the decisive test's adjusted p-value (smallest first); ties keep profile order. The
     * order of the HTML and text reports.
     */
    public List<FeatureDrift> bySeverity() {
        return features.stream().sorted(WORST_FIRST).toList();
    }

    /** The verdict on one feature. */
    public Optional<FeatureDrift> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The features that drifted. */
    public List<FeatureDrift> driftedFeatures() {
        return features.stream().filter(FeatureDrift::drifted).toList();
    }

    /**
     * The JSON document of the CLI contract: {@code {"features":[{"name","type","nReference",
     * "nCurrent","missingReference","missingCurrent","tests":[{"method","statistic","pValue"}],
     * "severity","drifted", ...}],"drifted","driftedShare", ...}}; {@code pValue} is null for
     * distances; counts are numbers of rows and of missing values. Extra fields: per feature
     * {@code decisiveTest}, {@code effectSize} and {@code adjustedPValue} (null when absent);
     * at the top {@code method}, {@code alpha}, {@code correction}, {@code reference},
     * {@code current} (the data sets' names) and {@code checkedAt}. Features in profile order.
     */
    public String toJson() {
        return ReportRendering.json(this);
    }

    /**
     * A self-contained HTML page: which data was compared with which and when, the verdict, a table
     * of the features worst first, then per feature (same order) reference vs current histograms as
     * inline SVG, the tests and the verdict. No scripts, no external resources.
     */
    public String toHtml() {
        return ReportRendering.html(this);
    }

    /**
     * A plain-text table for terminals: the data sets and the time, one line per feature worst
     * first, then the dataset verdict.
     */
    public String toText() {
        return ReportRendering.text(this);
    }
}
