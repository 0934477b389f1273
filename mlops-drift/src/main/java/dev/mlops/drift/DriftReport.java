package dev.mlops.drift;

import dev.mlops.drift.internal.ReportRendering;
import java.util.List;
import java.util.Optional;

/**
 * The result of one drift check: every feature's tests and verdict, and the dataset verdict.
 * {@link #toJson()} is exactly the {@code mlops drift --format json} document.
 *
 * @param features     per-feature verdicts, in profile order
 * @param drifted      whether the dataset drifted (see {@link DriftConfig#minDriftedShare()})
 * @param driftedShare drifted features / features, 0 without features
 * @param config       the rules the verdict followed
 */
public record DriftReport(List<FeatureDrift> features, boolean drifted, double driftedShare, DriftConfig config) {

    /** @throws IllegalArgumentException on a null part or a share outside [0, 1] */
    public DriftReport {
        if (features == null || config == null) {
            throw new IllegalArgumentException("features and config are required");
        }
        if (!(driftedShare >= 0 && driftedShare <= 1)) {
            throw new IllegalArgumentException("driftedShare outside [0, 1]: " + driftedShare);
        }
        features = List.copyOf(features);
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
     * at the top {@code method}, {@code alpha}, {@code correction}.
     */
    public String toJson() {
        return ReportRendering.json(this);
    }

    /**
     * A self-contained HTML page: a summary, then per feature reference vs current histograms as
     * inline SVG, the tests and the verdict. No scripts, no external resources.
     */
    public String toHtml() {
        return ReportRendering.html(this);
    }

    /** A plain-text table for terminals: one line per feature, then the dataset verdict. */
    public String toText() {
        return ReportRendering.text(this);
    }
}
