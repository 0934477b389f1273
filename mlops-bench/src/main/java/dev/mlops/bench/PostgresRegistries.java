package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.registry.jdbc.JdbcModelStore;
import dev.mlops.registry.jdbc.JdbcStoreOptions;
import dev.mlops.spi.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PostgreSQL registries for the JDBC benchmarks, each in a schema of its own. The database is
 * {@code -Dmlops.bench.postgres=URL} (default: the local test database).
 */
final class PostgresRegistries {

    /** The database the benchmarks use. */
    static final String URL = System.getProperty("mlops.bench.postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    /** Models in the search registry. */
    static final int MODELS = 100;
    /** Versions per model in the search registry. */
    static final int VERSIONS_PER_MODEL = 1000;
    /** Tag values of {@code team}: each tags a tenth of the versions. */
    static final int TEAMS = 10;
    /** The search registry's schema; kept between runs, since filling it takes a while. */
    static final String SEARCH_SCHEMA = "mlops_bench_100k";

    private PostgresRegistries() {
    }

    /** The URL of a schema, created if missing. */
    static String schema(String schema) throws SQLException {
        execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void drop(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static ModelRegistry open(String url) {
        return ModelRegistries.builder(url).actor("bench").refreshInterval(Duration.ZERO).open();
    }

    /**
     * The URL of a registry of {@value #MODELS} models x {@value #VERSIONS_PER_MODEL} versions, made
     * once and then reused. Each version has the tags {@code team} (t0..t9), {@code env} (prod or dev)
     * and {@code owner} (one of 20), the metrics {@code auc} (uniform in [0.5, 1)) and {@code loss},
     * and creation times spread over a year, models interleaved. Version 1000 of every model is in
     * PRODUCTION.
     */
    static String searchRegistry() throws Exception {
        String url = schema(SEARCH_SCHEMA);
        int expected = MODELS * VERSIONS_PER_MODEL;
        if (count(url, "SELECT COUNT(*) FROM mlops_versions") == expected
                && count(url, "SELECT COUNT(*) FROM mlops_versions WHERE stage = 'PRODUCTION'") == MODELS) {
            return url;
        }
        drop(SEARCH_SCHEMA);
        url = schema(SEARCH_SCHEMA);
        System.out.println("Filling " + SEARCH_SCHEMA + " with " + expected + " versions (once)...");
        SplittableRandom random = new SplittableRandom(42);
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        long step = Duration.ofDays(365).toMillis() / expected;
        try (JdbcModelStore store = JdbcModelStore.open(url, JdbcStoreOptions.defaults())) {
            StoredArtifact artifact = store.putArtifact(new ByteArrayInputStream(new byte[] {1, 2, 3}));
            int batch = 250;
            for (int from = 1; from <= VERSIONS_PER_MODEL; from += batch) {
                for (int m = 0; m < MODELS; m++) {
                    String name = modelName(m);
                    int first = from;
                    int model = m;
                    store.write(name, tx -> {
                        AuditEvent head = tx.lastAudit().orElse(null);
                        for (int v = first; v < first + batch && v <= VERSIONS_PER_MODEL; v++) {
                            Instant created = start.plusMillis(step * ((long) (v - 1) * MODELS + model));
                            tx.insertVersion(new ModelVersion(name, v, Stage.DRAFT, artifact.sha256(),
                                    artifact.sizeBytes(), "raw", ArtifactSignature.NONE, created, "bench",
                                    "version " + v, Map.of("auc", 0.5 + random.nextDouble() / 2,
                                            "loss", random.nextDouble()),
                                    Map.of("lr", "0.1"), Map.of("team", "t" + random.nextInt(TEAMS),
                                            "env", random.nextBoolean() ? "prod" : "dev",
                                            "owner", "o" + random.nextInt(20)),
                                    Lineage.NONE, List.of()), "");
                            head = AuditEvent.next(head, name, created, "bench", AuditAction.REGISTER, v,
                                    "", Stage.DRAFT.name(), "", "sha256=" + artifact.sha256());
                            tx.appendAudit(head);
                        }
                        return null;
                    });
                }
            }
        }
        try (ModelRegistry registry = open(url)) {
            for (int m = 0; m < MODELS; m++) {
                for (Stage stage : new Stage[] {Stage.TESTING, Stage.STAGING, Stage.PRODUCTION}) {
                    registry.promote(modelName(m), VERSIONS_PER_MODEL, stage, "benchmark");
                }
            }
        }
        execute("ANALYZE");
        return url;
    }

    static String modelName(int m) {
        return String.format("bench-%03d", m);
    }

    private static long count(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
