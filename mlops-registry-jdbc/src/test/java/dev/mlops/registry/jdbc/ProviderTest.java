package dev.mlops.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.ModelStores;
import dev.mlops.registry.StorageException;
import dev.mlops.registry.jdbc.internal.Dialect;
import dev.mlops.registry.jdbc.internal.H2Servers;
import dev.mlops.registry.jdbc.internal.Urls;
import dev.mlops.spi.ModelStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("opening JDBC stores")
class ProviderTest {

    private static final Duration TEN = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @AfterAll
    static void dropDatabases() throws Exception {
        TestDatabases.dropCreated();
    }

    @Test
    @DisplayName("jdbc: URIs are served by this provider through ServiceLoader")
    void serviceLoader() {
        try (ModelStore store = ModelStores.open(TestDatabases.freshH2Memory(), Map.of())) {
            assertThat(store).isInstanceOf(JdbcModelStore.class);
            assertThat(store.models()).isEmpty();
        }
    }

    @Test
    @DisplayName("an unsupported database is a configuration error listing the supported ones")
    void unsupportedDatabase() {
        assertThatThrownBy(() -> ModelStores.open("jdbc:sqlserver://db:1433;password=hunter2", Map.of()))
                .isInstanceOf(MlopsConfigurationException.class)
                .hasMessageContaining("jdbc:postgresql:").hasMessageNotContaining("hunter2");
    }

    @Test
    @DisplayName("a missing driver is a configuration error naming the artifact to add")
    void missingDriver() {
        // The MariaDB driver does not accept jdbc:mysql: URLs, and MySQL's driver is not on the
        // test class path: the same situation as a missing driver.
        assertThatThrownBy(() -> ModelStores.open("jdbc:mysql://127.0.0.1:3306/test", Map.of()))
                .isInstanceOf(MlopsConfigurationException.class)
                .hasMessageContaining("com.mysql:mysql-connector-j");
        assertThat(Dialect.POSTGRESQL.driverArtifactFor("jdbc:postgresql://x/y"))
                .isEqualTo("org.postgresql:postgresql");
        assertThat(Dialect.MARIADB.driverArtifactFor("jdbc:mariadb://x/y"))
                .isEqualTo("org.mariadb.jdbc:mariadb-java-client");
        assertThat(Dialect.H2.driverArtifactFor("jdbc:h2:./x")).isEqualTo("com.h2database:h2");
    }

    @Test
    @DisplayName("unknown options and bad values are configuration errors that never show a password")
    void options() {
        String url = TestDatabases.freshH2Memory();
        assertThatThrownBy(() -> ModelStores.open(url, Map.of("pool", "3")))
                .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> ModelStores.open(url, Map.of("chunkSizeBytes", "12")))
                .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("12");
        assertThat(JdbcStoreOptions.builder().password("hunter2").build().toString())
                .doesNotContain("hunter2");
        JdbcStoreOptions parsed = JdbcStoreOptions.fromMap(Map.of("poolSize", "4", "blobs",
                temp.toString(), "chunkSizeBytes", "65536", "connectionTimeoutSeconds", "5",
                "lockTimeoutSeconds", "3"));
        assertThat(parsed.poolSize()).isEqualTo(4);
        assertThat(parsed.blobDirectory()).contains(temp);
        assertThat(parsed.chunkSizeBytes()).isEqualTo(65536);
        assertThat(parsed.connectionTimeout()).hasSeconds(5);
        assertThat(parsed.lockTimeout()).hasSeconds(3);
        JdbcStoreOptions credentials = JdbcStoreOptions.fromMap(Map.of("user", "mlops", "password", "hunter2"));
        assertThat(credentials.user()).isEqualTo("mlops");
        assertThat(credentials.password()).isEqualTo("hunter2");
        assertThat(JdbcStoreOptions.defaults().user()).as("the URL's").isEmpty();
        JdbcStoreOptions built = JdbcStoreOptions.builder().user("u").password("p").blobDirectory(temp).poolSize(2)
                .connectionTimeout(Duration.ofSeconds(7)).build();
        assertThat(built.user()).isEqualTo("u");
        assertThat(built.password()).isEqualTo("p");
        assertThat(built.blobDirectory()).contains(temp);
        assertThat(built.poolSize()).isEqualTo(2);
        assertThat(built.connectionTimeout()).hasSeconds(7);
        assertThatThrownBy(() -> JdbcStoreOptions.builder().poolSize(1))
                .hasMessage("pool size must be at least 2, got 1");
        assertThatThrownBy(() -> JdbcStoreOptions.builder().connectionTimeout(Duration.ZERO))
                .hasMessage("connection timeout must be positive, got PT0S");
    }

    @Test
    @DisplayName("passwords are hidden in URIs, messages and errors")
    void passwordsHidden() {
        assertThat(Urls.redact("jdbc:postgresql://db/x?user=u&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/x?user=u&password=***&ssl=true");
        assertThat(Urls.redact("jdbc:mariadb://u:hunter2@db:3306/x")).isEqualTo("jdbc:mariadb://u:***@db:3306/x");
        assertThat(Urls.redact("jdbc:h2:./x;USER=sa;PASSWORD=hunter2;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:./x;USER=sa;PASSWORD=***;AUTO_SERVER=TRUE");
        TestDatabases.require(TestDatabases.MARIADB);
        String url = TestDatabases.MARIADB + "&password=hunter2";
        assertThatThrownBy(() -> ModelStores.open(url, Map.of()))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").contains("***"));
        assertThatThrownBy(() -> ModelStores.open(TestDatabases.MARIADB, Map.of("password", "hunter2")))
                .isInstanceOf(StorageException.class).hasMessageNotContaining("hunter2");
    }

    @Test
    @DisplayName("H2 file URLs get AUTO_SERVER, the socket lock and a lock timeout unless they set them")
    void h2Settings() {
        assertThat(Dialect.H2.connectionUrl("jdbc:h2:./models", TEN))
                .isEqualTo("jdbc:h2:./models;AUTO_SERVER=TRUE;FILE_LOCK=SOCKET;LOCK_TIMEOUT=10000");
        assertThat(Dialect.H2.connectionUrl("jdbc:h2:file:/x;auto_server=false", TEN))
                .isEqualTo("jdbc:h2:file:/x;auto_server=false;LOCK_TIMEOUT=10000");
        assertThat(Dialect.H2.connectionUrl("jdbc:h2:mem:x;LOCK_TIMEOUT=5", TEN))
                .isEqualTo("jdbc:h2:mem:x;LOCK_TIMEOUT=5");
        assertThat(Dialect.H2.connectionUrl("jdbc:h2:tcp://host/x", TEN))
                .isEqualTo("jdbc:h2:tcp://host/x;LOCK_TIMEOUT=10000");
        String file = "jdbc:h2:" + temp.resolve("cli").toAbsolutePath();
        try (ModelStore a = ModelStores.open(file, Map.of()); ModelStore b = ModelStores.open(file, Map.of())) {
            assertThat(a.uri()).isEqualTo(file);
            assertThat(b.models()).isEmpty();
        }
        assertThat(H2Servers.autoServer(Dialect.H2.connectionUrl("jdbc:h2:./models", TEN))).isTrue();
        assertThat(H2Servers.autoServer(Dialect.H2.connectionUrl("jdbc:h2:mem:x", TEN))).isFalse();
        assertThat(System.getProperty(H2Servers.BIND_ADDRESS)).as("set by the store, nobody else did")
                .isEqualTo(H2Servers.LOOPBACK);
    }

    @Test
    @DisplayName("H2 file databases sync each commit and read chunks as plain bytes; the others need neither")
    void durability() {
        assertThat(Dialect.H2.syncStatement("jdbc:h2:./models")).contains("CHECKPOINT SYNC");
        assertThat(Dialect.H2.syncStatement("jdbc:h2:tcp://host/x")).contains("CHECKPOINT SYNC");
        assertThat(Dialect.H2.syncStatement("jdbc:h2:mem:x")).isEmpty();
        assertThat(Dialect.POSTGRESQL.syncStatement("jdbc:postgresql://h/db")).isEmpty();
        assertThat(Dialect.H2.chunkBytes("data")).isEqualTo("CAST(data AS BINARY VARYING)");
        assertThat(Dialect.MARIADB.chunkBytes("data")).isEqualTo("data");
        assertThat(Urls.passwords("jdbc:x://u:p1@h/db?password=p2&user=u;PASSWORD=p3"))
                .containsExactly("p2", "p3", "p1");
    }

    @Test
    @DisplayName("credentials come from the options, else from the URL")
    void credentialsFromOptions() {
        String url = "jdbc:h2:file:" + temp.resolve("credentials").toAbsolutePath();
        // H2 creates a new database for whoever connects first, then requires the same credentials.
        try (ModelStore first = new JdbcModelStoreProvider().open(url, Map.of("user", "optuser", "password", "optpass"))) {
            assertThat(first.models()).isEmpty();
        }
        try (ModelStore again = new JdbcModelStoreProvider().open(url + ";USER=optuser;PASSWORD=optpass", Map.of())) {
            assertThat(again.models()).isEmpty();
        }
        assertThatThrownBy(() -> new JdbcModelStoreProvider().open(url,
                Map.of("user", "optuser", "password", "wrong")))
                .isInstanceOf(StorageException.class).hasMessageNotContaining("wrong");
    }
}
