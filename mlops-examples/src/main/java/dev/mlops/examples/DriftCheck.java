package dev.mlops.examples;

import dev.mlops.data.CsvTables;
import dev.mlops.data.DataTable;
import dev.mlops.drift.DriftConfig;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Drift of current data against a reference profile fitted once from the training data, with the
 * report written as a page. Arguments: the reference CSV, the current CSV (the same columns) and the
 * HTML file to write.
 */
public final class DriftCheck {

    private DriftCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path referenceCsv = Path.of(args[0]);
        Path currentCsv = Path.of(args[1]);
        DataTable reference = CsvTables.read(referenceCsv, Set.of());
        ReferenceProfile profile = ReferenceProfile.fit(reference);   // immutable; stored as JSON with a version
        DriftReport report = DriftDetector.of(profile, DriftConfig.defaults())
                .check(CsvTables.readLike(currentCsv, reference),          // columns typed as in the reference
                        referenceCsv.getFileName().toString(), currentCsv.getFileName().toString());
        for (FeatureDrift feature : report.driftedFeatures()) {
            System.out.println(feature.name() + ": " + feature.severity());
        }
        System.out.println(report.drifted() ? "drift" : "no drift");
        Files.writeString(Path.of(args[2]), report.toHtml());   // the two data sets, when, features worst first
    }
}
