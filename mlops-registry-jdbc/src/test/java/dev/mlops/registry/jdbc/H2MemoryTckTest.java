package dev.mlops.registry.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on in-memory H2 passes the TCK")
class H2MemoryTckTest extends JdbcTck {

    @Override
    protected String newStoreUri() {
        return TestDatabases.freshH2Memory();
    }
}
