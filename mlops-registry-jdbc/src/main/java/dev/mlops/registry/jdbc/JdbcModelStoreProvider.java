package dev.mlops.registry.jdbc;

import dev.mlops.spi.ModelStore;
import dev.mlops.spi.ModelStoreProvider;
import java.util.Map;
import java.util.Objects;

/**
 * Opens {@link JdbcModelStore}s for {@code jdbc:} URIs: {@code jdbc:h2:./models},
 * {@code jdbc:postgresql://host/db}, {@code jdbc:mariadb://host/db}, {@code jdbc:mysql://host/db}.
 * Options are those of {@link JdbcStoreOptions#fromMap}; credentials come from the {@code user} and
 * {@code password} options, else from the URL.
 */
public final class JdbcModelStoreProvider implements ModelStoreProvider {

    @Override
    public String scheme() {
        return "jdbc";
    }

    @Override
    public String description() {
        return "JDBC store: H2, PostgreSQL, MariaDB/MySQL (mlops-registry-jdbc)";
    }

    @Override
    public ModelStore open(String uri, Map<String, String> options) {
        Objects.requireNonNull(uri, "uri");
        return JdbcModelStore.open(uri, JdbcStoreOptions.fromMap(options));
    }
}
