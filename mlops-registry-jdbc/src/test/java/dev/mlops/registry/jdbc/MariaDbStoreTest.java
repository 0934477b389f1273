package dev.mlops.registry.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on MariaDB")
class MariaDbStoreTest extends JdbcStoreContract {

    @BeforeAll
    static void requireDatabase() {
        TestDatabases.require(TestDatabases.MARIADB);
    }

    @Override
    String freshUrl() throws Exception {
        return TestDatabases.freshMariaDb();
    }
}
