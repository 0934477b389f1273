package dev.mlops.examples;

import dev.mlops.data.CsvTables;
import dev.mlops.data.DataTable;
import dev.mlops.drift.DriftConfig;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.ReferenceProfile;
import java.nio.file.Path;
import java.util.Set;

/**
 * Drift of current data against a reference profile fitted once from the training data. Arguments:
 * the reference CSV and the current CSV (same columns).
 */
public final class DriftCheck {

    private DriftCheck() {
    }

    public static void main(String[] args) {
        DataTable reference = CsvTables.read(Path.of(args[0]), Set.of());
        ReferenceProfile profile = ReferenceProfile.fit(reference);     // immutable; stored as JSON with a model version
        DriftReport report = DriftDetector.of(profile, DriftConfig.defaults())
                .check(CsvTables.readLike(Path.of(args[1]), reference));  // columns typed as in the reference
        for (FeatureDrift feature : report.driftedFeatures()) {
            System.out.println(feature.name() + ": " + feature.severity());
        }
        System.out.println(report.drifted() ? "drift" : "no drift");
    }
}
