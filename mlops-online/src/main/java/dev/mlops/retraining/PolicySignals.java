package dev.mlops.retraining;

import dev.mlops.data.LabeledData;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.drift.Severity;
import dev.mlops.model.Metric;
import dev.mlops.monitoring.Baseline;
import dev.mlops.online.TriggerSignals;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The signals a policy's triggers are judged on, for the production version and the policy's data:
 * rows beyond those the version was trained from, its age, its newest performance record against
 * its validation-time values, and the new rows' drift from its stored profile (checked once, when a
 * trigger asks).
 */
final class PolicySignals implements TriggerSignals {

    private final ModelVersion champion;
    private final LabeledData data;
    private final Optional<ReferenceProfile> profile;
    private final long seen;
    private final long fresh;
    private final Instant now;
    private final Baseline baseline;
    private final Optional<PerformanceRecord> newest;
    private Severity drift;
    private String driftDetail;

    PolicySignals(ModelVersion champion, LabeledData data, Optional<ReferenceProfile> profile, long seen,
            Baseline baseline, List<PerformanceRecord> records, Instant now) {
        this.champion = champion;
        this.data = data;
        this.profile = profile;
        this.seen = seen;
        this.fresh = Math.max(0, data.table().rowCount() - seen);
        this.baseline = baseline;
        this.newest = records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
        this.now = now;
    }

    @Override
    public long newExamples() {
        return fresh;
    }

    @Override
    public String describeNewExamples() {
        return "beyond the " + seen + " the production version was trained from";
    }

    @Override
    public long bufferCapacity() {
        return 0;
    }

    @Override
    public long sinceTrainingMillis() {
        return now.toEpochMilli() - champion.createdAt().toEpochMilli();
    }

    @Override
    public long newestExampleAgeMillis() {
        return -1;
    }

    @Override
    public double live(Metric metric) {
        return newest.map(r -> r.metrics().get(metric.jsonName())).orElse(Double.NaN);
    }

    @Override
    public double baseline(Metric metric) {
        Double value = baseline.metrics().get(metric.jsonName());
        return value == null ? Double.NaN : value;
    }

    @Override
    public String describeMetrics() {
        return newest.isEmpty() ? "no performance record of " + champion.ref()
                : "the newest performance record of " + champion.ref() + " against its validation-time value";
    }

    @Override
    public boolean errorRateRose() {
        return false;
    }

    @Override
    public Severity inputDrift() {
        checkDrift();
        return drift;
    }

    @Override
    public String describeInputDrift() {
        checkDrift();
        return driftDetail;
    }

    private void checkDrift() {
        if (drift != null) {
            return;
        }
        // two witnesses, the stronger wins: the monitor's newest window of live traffic (a sliding
        // data window has no rows beyond the trained ones, yet its traffic may have drifted) and the
        // policy data's rows the version was not trained from
        drift = Severity.NONE;
        List<String> checked = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        Optional<PerformanceRecord.DriftSummary> live = newest.map(PerformanceRecord::drift); // null: unchecked
        if (live.isPresent()) {
            drift = Severity.valueOf(live.get().maxSeverity());
            checked.add(String.format(Locale.ROOT, "the newest performance record of %s: %.0f%% of the features"
                    + " drifted", champion.ref(), 100 * live.get().driftedShare()));
        } else {
            unchecked.add("no performance record of " + champion.ref() + " with a drift check");
        }
        int rows = data.table().rowCount();
        if (profile.isEmpty()) {
            unchecked.add(champion.ref() + " has no stored reference profile");
        } else if (fresh == 0) {
            unchecked.add("no rows " + describeNewExamples());
        } else {
            int[] recent = IntStream.range((int) (rows - fresh), rows).toArray();
            DriftReport report = DriftDetector.of(profile.get()).check(data.table().rows(recent),
                    champion.ref() + " training data", "newest " + recent.length + " rows");
            drift = drift.max(report.features().stream().map(FeatureDrift::severity)
                    .reduce(Severity.NONE, Severity::max));
            checked.add(String.format(Locale.ROOT, "the newest %d rows against the stored profile of %s: %.0f%% of"
                    + " the features drifted", recent.length, champion.ref(), 100 * report.driftedShare()));
        }
        driftDetail = String.join("; ", checked.isEmpty() ? unchecked : checked);
    }
}
