package dev.mlops.registry.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on MariaDB passes the TCK")
class MariaDbTckTest extends JdbcTck {

    @BeforeAll
    static void requireDatabase() {
        TestDatabases.require(TestDatabases.MARIADB);
    }

    @Override
    protected String newStoreUri() throws Exception {
        return TestDatabases.freshMariaDb();
    }
}
