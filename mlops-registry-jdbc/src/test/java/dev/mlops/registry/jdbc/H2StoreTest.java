package dev.mlops.registry.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on H2")
class H2StoreTest extends JdbcStoreContract {

    @Override
    String freshUrl() {
        return TestDatabases.freshH2Memory();
    }
}
