package dev.mlops.registry.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on an H2 file (AUTO_SERVER) passes the TCK")
class H2FileTckTest extends JdbcTck {

    @Override
    protected String newStoreUri() {
        return "jdbc:h2:file:" + temp.resolve("registry").toAbsolutePath();
    }
}
