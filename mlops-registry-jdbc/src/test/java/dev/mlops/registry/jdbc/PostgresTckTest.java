package dev.mlops.registry.jdbc;

import dev.mlops.tck.ModelStoreTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on PostgreSQL passes the TCK")
class PostgresTckTest extends ModelStoreTck {

    @BeforeAll
    static void requireDatabase() {
        TestDatabases.require(TestDatabases.POSTGRES);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        TestDatabases.dropCreated();
    }

    @Override
    protected String newStoreUri() throws Exception {
        return TestDatabases.freshPostgres();
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
}
