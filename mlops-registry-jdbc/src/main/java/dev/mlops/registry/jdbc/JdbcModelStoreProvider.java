package dev.mlops.registry.jdbc;

import dev.mlops.spi.ModelStore;
import dev.mlops.spi.ModelStoreProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Opens {@link JdbcModelStore}s for {@code jdbc:} URIs: {@code jdbc:h2:./models},
 * {@code jdbc:postgresql://host/db}, {@code jdbc:mariadb://host/db}, {@code jdbc:mysql://host/db}.
 * Options are those of {@link JdbcStoreOptions#fromMap}. Credentials come from the {@code user} and
 * {@code password} options; without them, from the environment variables {@code MLOPS_JDBC_USER}
 * and {@code MLOPS_JDBC_PASSWORD}, each unless the URL itself gives a user or a password (so a URL
 * naming its own credentials is never overridden by the environment); otherwise from the URL.
 */
public final class JdbcModelStoreProvider implements ModelStoreProvider {

    /** Environment variable with the default database user. */
    public static final String USER_VARIABLE = "MLOPS_JDBC_USER";
    /** Environment variable with the default database password. */
    public static final String PASSWORD_VARIABLE = "MLOPS_JDBC_PASSWORD";

    private final Map<String, String> environment;

    /** The provider ServiceLoader creates, reading the process environment. */
    public JdbcModelStoreProvider() {
        this(System.getenv());
    }

    JdbcModelStoreProvider(Map<String, String> environment) {
        this.environment = environment;
    }

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
        Map<String, String> withCredentials = new HashMap<>(options);
        String lower = uri.toLowerCase(java.util.Locale.ROOT);
        fromEnvironment(withCredentials, "user", USER_VARIABLE, lower.contains("user=")
                || lower.matches("jdbc:[a-z0-9]+://[^/@]+@.*"));
        fromEnvironment(withCredentials, "password", PASSWORD_VARIABLE, lower.contains("password=")
                || lower.matches("jdbc:[a-z0-9]+://[^/@]+:[^/@]*@.*"));
        return JdbcModelStore.open(uri, JdbcStoreOptions.fromMap(withCredentials));
    }

    private void fromEnvironment(Map<String, String> options, String key, String variable,
            boolean inUrl) {
        String value = environment.get(variable);
        if (!options.containsKey(key) && !inUrl && value != null && !value.isEmpty()) {
            options.put(key, value);
        }
    }
}
