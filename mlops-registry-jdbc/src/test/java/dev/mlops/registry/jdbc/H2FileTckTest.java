package dev.mlops.registry.jdbc;

import dev.mlops.tck.ModelStoreTck;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on an H2 file (AUTO_SERVER) passes the TCK")
class H2FileTckTest extends ModelStoreTck {

    @Override
    protected String newStoreUri() {
        return "jdbc:h2:file:" + temp.resolve("registry").toAbsolutePath();
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
