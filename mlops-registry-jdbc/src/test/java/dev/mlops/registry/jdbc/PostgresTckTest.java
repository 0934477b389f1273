package dev.mlops.registry.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on PostgreSQL passes the TCK")
class PostgresTckTest extends JdbcTck {

    @BeforeAll
    static void requireDatabase() {
        TestDatabases.require(TestDatabases.POSTGRES);
    }

    @Override
    protected String newStoreUri() throws Exception {
        return TestDatabases.freshPostgres();
    }
}
