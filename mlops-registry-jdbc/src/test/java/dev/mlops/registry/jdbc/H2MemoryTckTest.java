package dev.mlops.registry.jdbc;

import dev.mlops.tck.ModelStoreTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on in-memory H2 passes the TCK")
class H2MemoryTckTest extends ModelStoreTck {

    @AfterAll
    static void dropDatabases() throws Exception {
        TestDatabases.dropCreated();
    }

    @Override
    protected String newStoreUri() {
        return TestDatabases.freshH2Memory();
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
