package dev.mlops.registry.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on PostgreSQL")
class PostgresStoreTest extends JdbcStoreContract {

    @BeforeAll
    static void requireDatabase() {
        TestDatabases.require(TestDatabases.POSTGRES);
    }

    @Override
    String freshUrl() throws Exception {
        return TestDatabases.freshPostgres();
    }
}
