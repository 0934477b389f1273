package dev.mlops.registry.jdbc;

import dev.mlops.registry.Stage;
import dev.mlops.tck.ModelStoreTck;
import org.junit.jupiter.api.AfterAll;

/**
 * The compatibility kit on a database: damages stored artifacts and audit entries with SQL, and
 * drops the schemas and databases the tests created. Subclasses say which database.
 */
abstract class JdbcTck extends ModelStoreTck {

    @AfterAll
    static void dropCreated() throws Exception {
        TestDatabases.dropCreated();
    }

    @Override
    protected void corruptArtifact(String storeUri, String sha256) throws Exception {
        TestDatabases.corruptArtifact(storeUri, sha256);
    }

    @Override
    protected void editAuditReason(String storeUri, String model, long seq, String reason)
            throws Exception {
        TestDatabases.editAuditReason(storeUri, model, seq, reason);
    }

    @Override
    protected void removeNewestAuditEntry(String storeUri, String model) throws Exception {
        TestDatabases.removeAuditEntry(storeUri, model, true);
    }

    @Override
    protected void removeFirstAuditEntry(String storeUri, String model) throws Exception {
        TestDatabases.removeAuditEntry(storeUri, model, false);
    }

    @Override
    protected void editServedStage(String storeUri, String model, int version, Stage stage)
            throws Exception {
        TestDatabases.editStage(storeUri, model, version, stage);
    }

    @Override
    protected void editServedMetric(String storeUri, String model, int version, String metric,
            double value) throws Exception {
        TestDatabases.editMetric(storeUri, model, version, metric, value);
    }
}
