package dev.mlops.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.Limits;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import dev.mlops.registry.VersionQuery;
import dev.mlops.registry.jdbc.internal.Database;
import dev.mlops.registry.jdbc.internal.Dialect;
import dev.mlops.registry.jdbc.internal.DriverManagerPool;
import dev.mlops.registry.jdbc.internal.Keys;
import dev.mlops.registry.jdbc.internal.Migrations;
import dev.mlops.registry.jdbc.internal.Secrets;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.StoredArtifact;
import dev.mlops.tck.TckModels;
import dev.mlops.tck.TestClock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the JDBC store promises beyond the TCK, checked on each database: hostile text stored
 * verbatim, no partial write whatever statement fails, schema creation and upgrades, chunked and
 * deduplicated artifacts, per-model locking and a cheap change poll. Subclasses say how to get a
 * fresh database.
 */
abstract class JdbcStoreContract {

    /** The URL of a new, empty database or schema. */
    abstract String freshUrl() throws Exception;

    @AfterAll
    static void dropDatabases() throws Exception {
        TestDatabases.dropCreated();
    }

    private ModelRegistry registry(ModelStore store) {
        return ModelRegistries.builder(store).actor("contract").refreshInterval(Duration.ZERO).open();
    }

    private static String count(String url, String sql) throws SQLException {
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    @DisplayName("quotes, semicolons, SQL and unicode in every free-text field are stored verbatim")
    void hostileText() throws Exception {
        // within the stated limits (Limits): keys and one-line fields get the texts they admit
        List<String> hostile = List.of("'; DROP TABLE mlops_versions; --",
                "Robert'); DELETE FROM mlops_models WHERE ('1'='1",
                "\"double\" and 'single' and `back` quotes", "semi;colon;;", "back\\slash \\' \\\"",
                "100% _wild_ [card] *", "? ?? $1 :name ${x}", "ünïcödé 日本語 עברית Ελληνικά 🚀👩‍💻",
                "line\nbreak\r\ttab", "", " leading and trailing ", "x".repeat(20_000));
        try (ModelStore store = JdbcModelStore.open(freshUrl(), JdbcStoreOptions.defaults());
                ModelRegistry registry = registry(store)) {
            for (int i = 0; i < hostile.size(); i++) {
                String text = hostile.get(i);
                String key = asKey(text, "k" + i);
                String line = asKey(text, "line" + i);
                String description = cut(text, Limits.MAX_DESCRIPTION_LENGTH);
                String reason = cut(text, Limits.MAX_REASON_LENGTH);
                RegisterRequest.Builder request = RegisterRequest.builder("hostile",
                        ArtifactSource.of(TckModels.bytes(10, i))).description(description)
                        .format(cut(line, Limits.MAX_LABEL_LENGTH))
                        .tag(key, cut(text, Limits.MAX_TAG_VALUE_LENGTH)).tag("k", cut(text, Limits.MAX_TAG_VALUE_LENGTH))
                        .param(key, cut(text, Limits.MAX_PARAM_VALUE_LENGTH)).metric(key, i)
                        .idempotencyKey(cut(line, Limits.MAX_IDEMPOTENCY_KEY_LENGTH))
                        .lineage(new Lineage("", "", text));
                ModelVersion v = registry.register(request.build());
                registry.attachEvidence("hostile", v.version(), text.isBlank() ? "kind" : cut(line, Limits.MAX_LABEL_LENGTH), text);
                registry.promote("hostile", v.version(), Stage.TESTING, reason);

                ModelVersion read = store.version("hostile", v.version()).orElseThrow();
                assertThat(read.description()).isEqualTo(description);
                assertThat(read.format()).isEqualTo(cut(line, Limits.MAX_LABEL_LENGTH));
                assertThat(read.tags()).containsEntry("k", cut(text, Limits.MAX_TAG_VALUE_LENGTH));
                assertThat(read.params()).containsValue(cut(text, Limits.MAX_PARAM_VALUE_LENGTH));
                assertThat(read.lineage().provenance()).isEqualTo(text);
                assertThat(store.evidence("hostile", v.version()).get(0).document()).isEqualTo(text);
                AuditEvent last = store.audit("hostile", 0, Integer.MAX_VALUE).stream()
                        .reduce((a, b) -> b).orElseThrow();
                assertThat(last.reason()).isEqualTo(reason);
                assertThat(store.search(VersionQuery.builder().tag("k", cut(text, Limits.MAX_TAG_VALUE_LENGTH))
                        .build()).items()).extracting(ModelVersion::version).containsExactly(v.version());
                assertThat(store.search(VersionQuery.builder().metric(key, i, i).build()).items())
                        .extracting(ModelVersion::version).containsExactly(v.version());
            }
            assertThat(registry.versions("hostile")).hasSize(hostile.size());
            assertThat(registry.verifyAudit().valid()).isTrue();
        }
    }

    /** {@code text} when it can be a key (one line, not empty, short enough), else {@code other}. */
    private static String asKey(String text, String other) {
        boolean fits = !text.isEmpty() && text.length() <= Limits.MAX_KEY_LENGTH
                && text.chars().noneMatch(Character::isISOControl);
        return fits ? text : other;
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    /** One registry operation, run against a store whose n-th statement fails. */
    private enum Operation {
        REGISTER(r -> r.register(RegisterRequest.builder("f", ArtifactSource.of(
                TckModels.bytes(3000, System.nanoTime()))).tag("t", "v").metric("m", 1).build())),
        PROMOTE(r -> r.promote("f", 1, r.get("f:1").stage() == Stage.DRAFT ? Stage.TESTING
                : Stage.DRAFT, "")),
        ALIAS(r -> r.setAlias("f", "champion", r.get("f").version())),
        METADATA(r -> r.updateMetadata("f", 1, MetadataUpdate.tags(Map.of("x", "" + System.nanoTime()))));

        final Consumer<ModelRegistry> run;

        Operation(Consumer<ModelRegistry> run) {
            this.run = run;
        }
    }

    @ParameterizedTest
    @EnumSource(FaultyDataSource.Fault.class)
    @DisplayName("a failure at any statement or commit leaves no partial write and is a StorageException")
    void failureAtEveryStatement(FaultyDataSource.Fault fault) throws Exception {
        String url = freshUrl();
        FaultyDataSource dataSource = new FaultyDataSource(url);
        try (ModelStore store = JdbcModelStore.create(dataSource, JdbcStoreOptions.builder()
                .chunkSizeBytes(1024).build()); ModelRegistry registry = registry(store)) {
            registry.register(RegisterRequest.builder("f", ArtifactSource.of(new byte[] {1})).build());
            for (Operation op : Operation.values()) {
                int failures = 0;
                for (int n = 1; ; n++) {
                    List<ModelVersion> before = store.versions("f");
                    List<AuditEvent> auditBefore = store.audit("f", 0, Integer.MAX_VALUE);
                    dataSource.failAt(n, fault);
                    boolean struck;
                    try {
                        op.run.accept(registry);
                    } catch (StorageException expected) {
                        failures++;
                    } finally {
                        struck = dataSource.struck();
                        dataSource.disarm();
                    }
                    if (!struck || n > 60) {
                        break;
                    }
                    assertThat(store.versions("f")).as("%s failing at call %d", op, n)
                            .isEqualTo(before);
                    assertThat(store.audit("f", 0, Integer.MAX_VALUE)).isEqualTo(auditBefore);
                }
                assertThat(failures).as("%s failed somewhere", op).isGreaterThan(2);
            }
            assertThat(registry.verifyAudit().valid()).isTrue();
            for (ModelVersion v : registry.versions("f")) {
                assertThat(registry.verify(v.ref().toString()).intact()).isTrue();
            }
            assertThat(store.search(VersionQuery.builder().tag("t", "v").build()).items())
                    .hasSize(registry.versions("f").size() - 1);
        }
        // failed chunked writes took their chunks with them
        assertThat(count(url, "SELECT COUNT(*) FROM mlops_artifact_uploads")).isEqualTo("0");
        assertThat(count(url, "SELECT COUNT(*) FROM mlops_artifact_chunks c WHERE NOT EXISTS"
                + " (SELECT 1 FROM mlops_artifacts a WHERE a.blob_id = c.blob_id)")).isEqualTo("0");
    }

    @Test
    @DisplayName("the chunks of an upload whose writer died are removed by a later open, once it is old")
    void staleUploads() throws Exception {
        String url = freshUrl();
        JdbcModelStore.open(url, JdbcStoreOptions.defaults()).close();
        long old = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        try (Connection c = TestDatabases.connect(url)) {
            for (String[] upload : new String[][] {{"a".repeat(32), Long.toString(old)},
                    {"c".repeat(32), Long.toString(System.currentTimeMillis())}}) {
                update(c, "INSERT INTO mlops_artifact_uploads (blob_id, started_at) VALUES (?, ?)",
                        upload[0], Long.parseLong(upload[1]));
                update(c, "INSERT INTO mlops_artifact_chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                        upload[0], 0, new byte[] {1, 2});
            }
        }
        JdbcModelStore.open(url, JdbcStoreOptions.defaults()).close();
        assertThat(count(url, "SELECT COUNT(*) FROM mlops_artifact_chunks WHERE blob_id = '"
                + "a".repeat(32) + "'")).isEqualTo("0");
        assertThat(count(url, "SELECT blob_id FROM mlops_artifact_uploads")).as("the young one stays")
                .isEqualTo("c".repeat(32));
        assertThat(count(url, "SELECT COUNT(*) FROM mlops_artifact_chunks")).isEqualTo("1");
    }

    @Test
    @DisplayName("a commit that went through before its connection broke is recognised, not reported")
    void lostCommitAcknowledgement() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(freshUrl());
        try (ModelStore store = JdbcModelStore.create(dataSource, JdbcStoreOptions.defaults());
                ModelRegistry registry = registry(store)) {
            registry.register(RegisterRequest.builder("ack", ArtifactSource.of(new byte[] {1})).build());
            dataSource.loseAckOfCommit(1);
            StoredArtifact artifact = store.putArtifact(new ByteArrayInputStream(new byte[] {2}));
            assertThat(artifact.sizeBytes()).isEqualTo(1);
            dataSource.loseAckOfCommit(2);
            ModelVersion second = registry.register(RegisterRequest.builder("ack",
                    ArtifactSource.of(new byte[] {3})).build());
            assertThat(second.version()).isEqualTo(2);
            dataSource.loseAckOfCommit(1);
            registry.promote("ack", 2, Stage.TESTING, "");
            assertThat(registry.versions("ack")).extracting(ModelVersion::version).containsExactly(1, 2);
            assertThat(registry.get("ack:2").stage()).isEqualTo(Stage.TESTING);
            assertThat(registry.readArtifact("ack:2")).containsExactly(3);
            assertThat(registry.verifyAudit().valid()).isTrue();
        }
    }

    @Test
    @DisplayName("the change poll (auditHeads) is a single statement")
    void cheapChangePoll() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(freshUrl());
        try (ModelStore store = JdbcModelStore.create(dataSource, JdbcStoreOptions.defaults());
                ModelRegistry registry = registry(store)) {
            for (int i = 0; i < 5; i++) {
                registry.register(RegisterRequest.builder("m" + i, ArtifactSource.of(new byte[] {1})).build());
            }
            registry.setAlias("m1", "champion", 1);
            int before = dataSource.calls();
            assertThat(store.auditHeads()).containsEntry("m0", 1L).containsEntry("m1", 2L).hasSize(5);
            assertThat(dataSource.calls() - before).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a write to one model waits for another write to it, not for writes to other models")
    void perModelLocking() throws Exception {
        String url = freshUrl();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (ModelStore a = JdbcModelStore.open(url, JdbcStoreOptions.defaults());
                ModelStore b = JdbcModelStore.open(url, JdbcStoreOptions.defaults())) {
            a.write("held", tx -> null);
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = pool.submit(() -> a.write("held", tx -> {
                locked.countDown();
                await(release);
                return null;
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> other = pool.submit(() -> b.write("other", tx -> tx.latestVersion()));
            assertThat(other.get(10, TimeUnit.SECONDS)).isZero();
            Future<Integer> same = pool.submit(() -> b.write("held", tx -> tx.latestVersion()));
            Thread.sleep(300);
            assertThat(same.isDone()).as("a second writer of the same model waits").isFalse();
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(same.get(10, TimeUnit.SECONDS)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a writer stuck holding a model's lock makes the next writer fail after the lock timeout")
    void lockTimeout() throws Exception {
        String url = freshUrl();
        JdbcStoreOptions options = JdbcStoreOptions.builder().lockTimeout(Duration.ofSeconds(1)).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ModelStore a = JdbcModelStore.open(url, options);
                ModelStore b = JdbcModelStore.open(url, options)) {
            a.write("stuck", tx -> null);
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = pool.submit(() -> a.write("stuck", tx -> {
                locked.countDown();
                await(release);
                return null;
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            assertThatThrownBy(() -> b.write("stuck", StoreTransaction::latestVersion))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("another writer of model 'stuck'");
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(8));
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(b.write("stuck", StoreTransaction::latestVersion)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("artifacts are chunked, deduplicated (also under concurrent writes) and read back lazily")
    void chunkedArtifacts() throws Exception {
        String url = freshUrl();
        JdbcStoreOptions options = JdbcStoreOptions.builder().chunkSizeBytes(1024).build();
        try (ModelStore store = JdbcModelStore.open(url, options)) {
            byte[] bytes = TckModels.bytes(2500, 1);
            StoredArtifact stored = store.putArtifact(new ByteArrayInputStream(bytes));
            assertThat(stored.sizeBytes()).isEqualTo(2500);
            assertThat(count(url, "SELECT chunk_count FROM mlops_artifacts")).isEqualTo("3");
            try (InputStream in = store.openArtifact(stored.sha256())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            List<StoredArtifact> again = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<StoredArtifact>> futures = new ArrayList<>();
                for (byte[] same : List.of(bytes, TckModels.bytes(3072, 2), TckModels.bytes(3072, 2),
                        TckModels.bytes(3072, 2), TckModels.bytes(3072, 2), TckModels.bytes(10, 3),
                        TckModels.bytes(10, 3))) {
                    futures.add(pool.submit(() -> store.putArtifact(new ByteArrayInputStream(same))));
                }
                for (Future<StoredArtifact> f : futures) {
                    again.add(f.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(again.get(0)).isEqualTo(stored);
            assertThat(count(url, "SELECT COUNT(*) FROM mlops_artifacts")).isEqualTo("3");
            assertThat(count(url, "SELECT COUNT(*) FROM mlops_artifact_chunks")).isEqualTo("7");
            try (InputStream in = store.openArtifact(again.get(1).sha256())) {
                assertThat(in.readAllBytes()).isEqualTo(TckModels.bytes(3072, 2));
            }
            StoredArtifact empty = store.putArtifact(new ByteArrayInputStream(new byte[0]));
            try (InputStream in = store.openArtifact(empty.sha256())) {
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    @DisplayName("stores opening a fresh database at once create the schema exactly once")
    void concurrentFirstOpen() throws Exception {
        String url = freshUrl();
        int opens = 4;
        ExecutorService pool = Executors.newFixedThreadPool(opens);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ModelStore>> stores = new ArrayList<>();
            for (int i = 0; i < opens; i++) {
                stores.add(pool.submit(() -> {
                    start.await();
                    return JdbcModelStore.open(url, JdbcStoreOptions.defaults());
                }));
            }
            start.countDown();
            for (Future<ModelStore> f : stores) {
                try (ModelStore store = f.get(60, TimeUnit.SECONDS)) {
                    assertThat(store.models()).isEmpty();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        int latest = Migrations.standard().scripts(Dialect.ofUrl(url)).size();
        assertThat(count(url, "SELECT COUNT(*) FROM mlops_schema_version")).isEqualTo("" + latest);
    }

    private static Database database(String url) {
        Dialect dialect = Dialect.ofUrl(url);
        return new Database(new DriverManagerPool(dialect.connectionUrl(url, Duration.ofSeconds(10)),
                dialect, new Properties(), 4, Duration.ofSeconds(10), Secrets.NONE), dialect, url, false,
                Secrets.NONE);
    }

    @Test
    @DisplayName("a registry created with the first schema opens, upgraded, with everything in it")
    void upgradeFromFirstSchema() throws Exception {
        String url = freshUrl();
        try (Database db = database(url)) {
            assertThat(Migrations.standard().migrate(db, 1)).isEqualTo(1);
        }
        writeFirstSchemaRegistry(url);
        assertThat(count(url, "SELECT MAX(version) FROM mlops_schema_version")).isEqualTo("1");
        try (ModelStore upgraded = JdbcModelStore.open(url, JdbcStoreOptions.defaults());
                ModelRegistry registry = registry(upgraded)) {
            assertThat(registry.get("old@champion").stage()).isEqualTo(Stage.TESTING);
            assertThat(registry.readArtifact("old:1")).containsExactly(7);
            assertThat(registry.search(VersionQuery.builder().tag("t", "1").metric("auc", 0, 1)
                    .build()).items()).hasSize(1);
            // the upgrade anchored the existing log at its head
            assertThat(upgraded.anchors().get("old").seq()).isEqualTo(3);
            assertThat(registry.history("old")).extracting(AuditEvent::state).containsOnly("");
            assertThat(registry.verifyAudit().problems()).isEmpty();
            // a performance row of before V7 reads with its metrics as stored, no instance, no drift summary
            assertThat(registry.performance("old", 1)).containsExactly(new PerformanceRecord(
                    Instant.parse("2026-01-01T00:00:00Z"), Map.of("accuracy", 0.75, "drift.driftedShare", 0.5,
                            "drift.maxSeverity", 3.0), 100));
            registry.register(RegisterRequest.builder("old", ArtifactSource.of(new byte[] {8})).build());
            registry.recordJob(new JobRecord("job-1", "old", "training", "SUCCEEDED",
                    Instant.parse("2026-01-01T00:00:00Z"), "{}"));
            assertThat(registry.jobs("old")).extracting(JobRecord::id).containsExactly("job-1");
        }
        List<Migrations.Script> scripts = Migrations.standard().scripts(Dialect.ofUrl(url));
        int latest = scripts.get(scripts.size() - 1).version();
        assertThat(count(url, "SELECT MAX(version) FROM mlops_schema_version")).isEqualTo("" + latest);
    }

    /**
     * What the store wrote under the first schema, written with plain SQL (today's code writes
     * columns that schema lacks): model {@code old}, version 1 with artifact {7}, tag t=1 and metric
     * auc=0.5, promoted to TESTING, alias champion, a performance record with the drift keys of
     * then in its metrics, and the three audit entries, chained without
     * state digests as they were then.
     */
    private static void writeFirstSchemaRegistry(String url) throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String sha = StoredArtifact.hex(StoredArtifact.newSha256().digest(new byte[] {7}));
        AuditEvent register = AuditEvent.next(null, "old", t, "contract", AuditAction.REGISTER, 1, "",
                "DRAFT", "", "sha256=" + sha);
        AuditEvent promote = AuditEvent.next(register, "old", t, "contract", AuditAction.PROMOTE, 1,
                "DRAFT", "TESTING", "before the upgrade", "");
        AuditEvent alias = AuditEvent.next(promote, "old", t, "contract", AuditAction.ALIAS, 1, "",
                "1", "", "champion");
        try (Connection c = TestDatabases.connect(url)) {
            update(c, "INSERT INTO mlops_models (name, latest_version, version_count, audit_head,"
                    + " created_at) VALUES (?, ?, ?, ?, ?)", "old", 1, 1, 3L, t.toEpochMilli());
            update(c, "INSERT INTO mlops_versions (name, version, stage, sha256, size_bytes, format,"
                    + " signature_algorithm, signature_key_id, signature_value, created_at, created_by,"
                    + " description, metrics, params, tags, lineage_parent, lineage_data,"
                    + " lineage_provenance, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?)", "old", 1, "TESTING", sha, 1L, "", "", "", "",
                    t.toEpochMilli(), "contract", "", "{\"auc\":0.5}", "{}", "{\"t\":\"1\"}", "", "", "",
                    null);
            update(c, "INSERT INTO mlops_version_tags (name, version, tag_hash, created_at)"
                    + " VALUES (?, ?, ?, ?)", "old", 1, Keys.tag("t", "1"), t.toEpochMilli());
            update(c, "INSERT INTO mlops_version_metrics (name, version, metric_hash, metric_value)"
                    + " VALUES (?, ?, ?, ?)", "old", 1, Keys.metric("auc"), 0.5);
            update(c, "INSERT INTO mlops_aliases (name, alias, version) VALUES (?, ?, ?)", "old",
                    "champion", 1);
            update(c, "INSERT INTO mlops_performance (name, version, event_time, sample_count, metrics)"
                    + " VALUES (?, ?, ?, ?, ?)", "old", 1, t.toEpochMilli(), 100L,
                    "{\"accuracy\":0.75,\"drift.driftedShare\":0.5,\"drift.maxSeverity\":3.0}");
            for (AuditEvent e : List.of(register, promote, alias)) {
                update(c, "INSERT INTO mlops_audit (name, seq, event_time, actor, action, version,"
                        + " from_state, to_state, reason, detail, previous_hash, hash) VALUES (?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.name(), e.seq(), e.time().toEpochMilli(),
                        e.actor(), e.action().id(), e.version(), e.from(), e.to(), e.reason(),
                        e.detail(), e.previousHash(), e.hash());
            }
            update(c, "INSERT INTO mlops_artifacts (sha256, size_bytes, chunk_count, blob_id,"
                    + " created_at) VALUES (?, ?, ?, ?, ?)", sha, 1L, 1, "b".repeat(32), t.toEpochMilli());
            update(c, "INSERT INTO mlops_artifact_chunks (blob_id, seq, data) VALUES (?, ?, ?)",
                    "b".repeat(32), 0, new byte[] {7});
        }
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    @Test
    @DisplayName("migrations apply in order, once, keep the data, and a newer schema is refused")
    void migrationMechanism() throws Exception {
        String url = freshUrl();
        Migrations test = new Migrations("testdb", getClass().getClassLoader());
        try (Database db = database(url)) {
            assertThat(test.migrate(db, 1)).isEqualTo(1);
            try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO mlops_test_things (id, label) VALUES (1, 'kept')");
            }
            assertThat(test.migrate(db, Integer.MAX_VALUE)).isEqualTo(2);
            assertThat(test.migrate(db, Integer.MAX_VALUE)).isEqualTo(2);
            assertThat(count(url, "SELECT label || '/' || note FROM mlops_test_things"
                    .replace("label || '/' || note", Dialect.ofUrl(url) == Dialect.MARIADB
                            ? "CONCAT(label, '/', note)" : "label || '/' || note")))
                    .isEqualTo("kept/migrated");
            assertThat(count(url, "SELECT COUNT(*) FROM mlops_schema_version")).isEqualTo("2");
            try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO mlops_schema_version (version, description,"
                        + " script_sha256, applied_at) VALUES (3, 'from the future', '', 0)");
            }
            assertThatThrownBy(() -> test.migrate(db, Integer.MAX_VALUE))
                    .isInstanceOf(MlopsConfigurationException.class)
                    .hasMessageContaining("schema version 3");
        }
    }

    @Test
    @DisplayName("every search, paged in both directions, returns exactly the matching versions in order")
    void searchAgreesWithTheQueryDefinition() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (ModelStore store = JdbcModelStore.open(freshUrl(), JdbcStoreOptions.defaults());
                ModelRegistry registry = ModelRegistries.builder(store).actor("contract")
                        .refreshInterval(Duration.ZERO).clock(clock).open()) {
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < 60; i++) {
                registry.register(RegisterRequest.builder("m" + random.nextInt(3),
                        ArtifactSource.of(TckModels.bytes(8, i))).tag("team", "t" + random.nextInt(3))
                        .tag("env", random.nextBoolean() ? "prod" : "dev")
                        .metric("auc", random.nextInt(10) / 10.0).build());
                if (random.nextInt(3) > 0) {
                    clock.advance(Duration.ofSeconds(1)); // else the next version ties on time
                }
            }
            registry.promote("m1", 1, Stage.TESTING, "");
            List<ModelVersion> all = new ArrayList<>();
            for (String name : List.of("m0", "m1", "m2")) {
                all.addAll(registry.versions(name));
            }
            List<VersionQuery.Builder> queries = List.of(VersionQuery.builder(),
                    VersionQuery.builder().tag("team", "t1"),
                    VersionQuery.builder().tag("team", "t2").metric("auc", 0.3, 0.7),
                    VersionQuery.builder().tag("team", "t0").tag("env", "prod"),
                    VersionQuery.builder().name("m2").tag("env", "dev"),
                    VersionQuery.builder().tag("team", "t1").stage(Stage.TESTING, Stage.DRAFT),
                    VersionQuery.builder().metric("auc", 0.5, Double.POSITIVE_INFINITY),
                    VersionQuery.builder().tag("env", "prod").createdBetween(
                            Instant.parse("2026-01-01T00:00:10Z"), Instant.parse("2026-01-01T00:00:30Z")),
                    VersionQuery.builder().tag("team", "nobody"));
            for (VersionQuery.Builder builder : queries) {
                for (boolean newestFirst : new boolean[] {true, false}) {
                    if (!newestFirst) {
                        builder.oldestFirst();
                    }
                    VersionQuery query = builder.pageSize(7).build();
                    List<ModelVersion> seen = new ArrayList<>();
                    String token = "";
                    do {
                        var page = store.search(builder.pageToken(token).build());
                        seen.addAll(page.items());
                        token = page.nextPageToken();
                    } while (!token.isEmpty());
                    List<ModelVersion> expected = all.stream().filter(query::matches)
                            .sorted(newestFirst ? VersionQuery.OLDEST_FIRST.reversed()
                                    : VersionQuery.OLDEST_FIRST).toList();
                    assertThat(seen).as("%s", query).containsExactlyElementsOf(expected);
                    builder.pageToken("");
                }
            }
        }
    }

    @Test
    @DisplayName("concurrent registrations on many models from several stores get dense versions")
    void manyModelsConcurrently() throws Exception {
        String url = freshUrl();
        try (ModelStore a = JdbcModelStore.open(url, JdbcStoreOptions.defaults());
                ModelStore b = JdbcModelStore.open(url, JdbcStoreOptions.defaults());
                ModelRegistry ra = registry(a); ModelRegistry rb = registry(b)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<ModelVersion>> futures = new ArrayList<>();
                for (int i = 0; i < 160; i++) {
                    ModelRegistry r = i % 2 == 0 ? ra : rb;
                    String name = "model-" + (i % 4);
                    futures.add(pool.submit(() -> r.register(RegisterRequest.builder(name,
                            ArtifactSource.of(TckModels.bytes(100, System.nanoTime()))).build())));
                }
                for (Future<ModelVersion> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (int m = 0; m < 4; m++) {
                assertThat(ra.versions("model-" + m)).extracting(ModelVersion::version)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, 40).boxed().toList());
            }
            assertThat(ra.verifyAudit().valid()).isTrue();
        }
    }
}
