package dev.mlops.registry.fs;

import static dev.mlops.registry.fs.Fixtures.SHA;
import static dev.mlops.registry.fs.Fixtures.T0;
import static dev.mlops.registry.fs.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import dev.mlops.registry.VersionQuery;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SPI behaviour of {@link FileModelStore} on real files. */
class FileModelStoreTest {

    @TempDir
    Path temp;

    Path dir;
    FileModelStore store;
    final List<FileModelStore> opened = new ArrayList<>();

    @BeforeEach
    void openStore() throws IOException {
        dir = Files.createDirectories(temp.resolve("store")).toRealPath();
        store = reopen();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(FileModelStore::close);
    }

    /** Another instance on the same directory: what another process would see. */
    FileModelStore reopen() {
        FileModelStore s = FileModelStore.open(dir);
        opened.add(s);
        return s;
    }

    static StoredArtifact put(FileModelStore s, byte[] bytes) {
        return s.putArtifact(new ByteArrayInputStream(bytes));
    }

    static int registerNext(FileModelStore s, String name, Instant time) {
        return s.write(name, tx -> Fixtures.register(tx, new StoredArtifact(SHA, 1), time, "tester"));
    }

    Path logFile(String modelDir, long seq) {
        return dir.resolve("models").resolve(modelDir).resolve("log")
                .resolve(String.format("%020d.json", seq));
    }

    static List<Path> filesUnder(Path d) throws IOException {
        try (Stream<Path> files = Files.walk(d)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Nested
    @DisplayName("artifacts")
    class Artifacts {

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {0, 1, 8 * 1024 * 1024})
        @DisplayName("come back byte for byte under their SHA-256")
        void roundTrip(int size) throws Exception {
            byte[] bytes = new byte[size];
            new Random(size).nextBytes(bytes);

            StoredArtifact stored = put(store, bytes);

            assertThat(stored.sha256()).isEqualTo(StoredArtifact.hex(
                    MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(stored.sizeBytes()).isEqualTo(size);
            try (InputStream in = store.openArtifact(stored.sha256())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            assertThat(dir.resolve("blobs/sha256").resolve(stored.sha256().substring(0, 2))
                    .resolve(stored.sha256())).hasSize(size);
            assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
        }

        @Test
        @DisplayName("identical content is stored once")
        void deduplicated() throws Exception {
            byte[] bytes = "same bytes".getBytes(StandardCharsets.UTF_8);

            StoredArtifact first = put(store, bytes);
            StoredArtifact second = put(reopen(), bytes);

            assertThat(second).isEqualTo(first);
            assertThat(filesUnder(dir.resolve("blobs"))).hasSize(1);
            assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
        }

        @Test
        @DisplayName("a missing digest is ModelNotFoundException naming it")
        void missing() {
            assertThatThrownBy(() -> store.openArtifact("0".repeat(64)))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining("0".repeat(64));
        }

        @Test
        @DisplayName("a malformed digest never becomes a path")
        void malformedDigest() {
            assertThatThrownBy(() -> store.openArtifact("../../mlops-store.json"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.openArtifact("AB".repeat(32)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("content that fails to read leaves no file behind")
        void failingContent() throws Exception {
            InputStream failing = new InputStream() {
                int left = 100_000;

                @Override
                public int read() throws IOException {
                    if (left-- <= 0) {
                        throw new IOException("connection reset");
                    }
                    return 7;
                }
            };

            assertThatThrownBy(() -> store.putArtifact(failing))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("connection reset")
                    .hasRootCauseMessage("connection reset");
            assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
            assertThat(filesUnder(dir.resolve("blobs"))).isEmpty();
        }
    }

    @Nested
    @DisplayName("transactions")
    class Transactions {

        @Test
        @DisplayName("committed writes are visible, with aliases filled into versions")
        void commit() {
            registerNext(store, "churn", T0);
            registerNext(store, "churn", T0.plusSeconds(1));
            store.write("churn", tx -> {
                tx.setAlias("champion", 2);
                tx.setAlias("backup", 2);
                tx.setAlias("old", 1);
                return null;
            });

            assertThat(store.versions("churn")).extracting(ModelVersion::version).containsExactly(1, 2);
            assertThat(store.version("churn", 2).orElseThrow().aliases())
                    .containsExactly("backup", "champion");
            assertThat(store.version("churn", 1).orElseThrow().aliases()).containsExactly("old");
            assertThat(store.aliases("churn")).containsExactly(Map.entry("backup", 2),
                    Map.entry("champion", 2), Map.entry("old", 1));

            store.write("churn", tx -> {
                tx.removeAlias("old");
                tx.setAlias("champion", 1);
                return null;
            });

            assertThat(store.version("churn", 1).orElseThrow().aliases()).containsExactly("champion");
            assertThat(store.version("churn", 2).orElseThrow().aliases()).containsExactly("backup");
            assertThat(store.versionsInStage("churn", Stage.DRAFT)).hasSize(2);
        }

        @Test
        @DisplayName("work that throws leaves nothing behind, also after reopening")
        void rollback() throws Exception {
            RuntimeException boom = new IllegalStateException("boom");

            assertThatThrownBy(() -> store.write("churn", tx -> {
                Fixtures.register(tx, new StoredArtifact(SHA, 1), T0, "tester");
                tx.setAlias("champion", 1);
                throw boom;
            })).isSameAs(boom);

            assertThat(store.versions("churn")).isEmpty();
            assertThat(store.audit("churn", 0, 100)).isEmpty();
            assertThat(store.models()).isEmpty();
            assertThat(store.auditHeads()).isEmpty();
            assertThat(filesUnder(dir.resolve("models"))).extracting(p -> p.getFileName().toString())
                    .containsExactly("lock");
            FileModelStore again = reopen();
            assertThat(again.versions("churn")).isEmpty();
            assertThat(again.models()).isEmpty();
            // and the model works normally afterwards
            assertThat(registerNext(again, "churn", T0)).isEqualTo(1);
        }

        @Test
        @DisplayName("work without writes commits nothing and returns its value")
        void readOnly() throws Exception {
            String result = store.write("churn", tx -> "latest=" + tx.latestVersion());

            assertThat(result).isEqualTo("latest=0");
            assertThat(filesUnder(dir.resolve("models"))).extracting(p -> p.getFileName().toString())
                    .containsExactly("lock");
        }

        @Test
        @DisplayName("a promotion's four writes are one log file")
        void promotion() {
            registerNext(store, "churn", T0);
            registerNext(store, "churn", T0.plusSeconds(1));
            store.write("churn", tx -> {
                tx.updateVersion(tx.version(1).orElseThrow().withStage(Stage.PRODUCTION));
                return null;
            });

            store.write("churn", tx -> {
                ModelVersion oldProduction = tx.versionsInStage(Stage.PRODUCTION).get(0);
                tx.updateVersion(oldProduction.withStage(Stage.ARCHIVED));
                tx.updateVersion(tx.version(2).orElseThrow().withStage(Stage.PRODUCTION));
                AuditEvent archive = Fixtures.audit(tx, T0, "ops", AuditAction.ARCHIVE, 1,
                        "production", "archived", "");
                tx.appendAudit(archive);
                tx.appendAudit(AuditEvent.next(archive, "churn", T0, "ops", AuditAction.PROMOTE, 2,
                        "staging", "production", "", ""));
                return null;
            });

            assertThat(logFile("churn", 4)).exists();
            assertThat(logFile("churn", 5)).doesNotExist();
            assertThat(store.versionsInStage("churn", Stage.PRODUCTION))
                    .extracting(ModelVersion::version).containsExactly(2);
            assertThat(store.versionsInStage("churn", Stage.ARCHIVED))
                    .extracting(ModelVersion::version).containsExactly(1);
            assertThat(store.audit("churn", 2, 10)).extracting(AuditEvent::action)
                    .containsExactly(AuditAction.ARCHIVE, AuditAction.PROMOTE);
            assertThat(store.models()).containsExactly(new ModelSummary("churn", 2, 2, 2));
        }

        @Test
        @DisplayName("reads inside a transaction see the committed state, not its own writes")
        void isolation() {
            int[] seen = new int[2];
            store.write("churn", tx -> {
                seen[0] = tx.latestVersion();
                Fixtures.register(tx, new StoredArtifact(SHA, 1), T0, "tester");
                seen[1] = tx.latestVersion();
                return null;
            });

            assertThat(seen).containsExactly(0, 0);
            assertThat(store.write("churn", StoreTransaction::latestVersion)).isEqualTo(1);
        }

        @Test
        @DisplayName("an update changes only stage, description, metrics and tags")
        void updateKeepsImmutableFields() {
            registerNext(store, "churn", T0);

            store.write("churn", tx -> {
                ModelVersion v = tx.version(1).orElseThrow();
                tx.updateVersion(new ModelVersion("churn", 1, Stage.TESTING, "cd".repeat(32), 99,
                        "other", v.signature(), T0.plusSeconds(60), "mallory", "tested",
                        Map.of("auc", 0.9), Map.of("lr", "1"), Map.of("team", "risk"),
                        v.lineage(), List.of("ignored")));
                return null;
            });

            ModelVersion v = store.version("churn", 1).orElseThrow();
            assertThat(v.stage()).isEqualTo(Stage.TESTING);
            assertThat(v.description()).isEqualTo("tested");
            assertThat(v.metrics()).isEqualTo(Map.of("auc", 0.9));
            assertThat(v.tags()).isEqualTo(Map.of("team", "risk"));
            assertThat(v.sha256()).isEqualTo(SHA);
            assertThat(v.sizeBytes()).isEqualTo(1);
            assertThat(v.createdAt()).isEqualTo(T0);
            assertThat(v.createdBy()).isEqualTo("tester");
            assertThat(v.params()).isEmpty();
            assertThat(v.aliases()).isEmpty();
        }

        @Test
        @DisplayName("writes that cannot be replayed fail where they are made, and commit nothing")
        void invalidWrites() {
            registerNext(store, "churn", T0);
            List<Function<StoreTransaction, Object>> invalid = List.of(
                    tx -> { tx.insertVersion(version("churn", 1, T0), ""); return null; },
                    tx -> { tx.insertVersion(version("other", 2, T0), ""); return null; },
                    tx -> { tx.setAlias("champion", 7); return null; },
                    tx -> { tx.addEvidence(7, new Evidence("report", T0, "a", "{}")); return null; },
                    tx -> { tx.updateVersion(version("churn", 7, T0)); return null; },
                    tx -> { tx.appendAudit(tx.lastAudit().orElseThrow()); return null; });

            for (Function<StoreTransaction, Object> work : invalid) {
                assertThatThrownBy(() -> store.write("churn", work))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(logFile("churn", 2)).doesNotExist();
        }

        @Test
        @DisplayName("idempotency keys find the version registered with them")
        void idempotencyKey() {
            store.write("churn", tx -> {
                tx.insertVersion(version("churn", 1, T0), "request-1");
                return null;
            });

            assertThat(store.<Optional<ModelVersion>>write("churn", tx -> tx.versionByIdempotencyKey("request-1")))
                    .map(ModelVersion::version).contains(1);
            assertThat(store.<Optional<ModelVersion>>write("churn", tx -> tx.versionByIdempotencyKey("request-2"))).isEmpty();
            assertThatThrownBy(() -> store.write("churn", tx -> {
                tx.insertVersion(version("churn", 2, T0), "request-1");
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request-1");
        }

        @Test
        @DisplayName("a transaction cannot be used after write returns")
        void escapedTransaction() {
            StoreTransaction escaped = store.write("churn", tx -> tx);

            assertThatThrownBy(escaped::latestVersion).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> escaped.insertVersion(version("churn", 1, T0), ""))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        @DisplayName("a write inside a write on the same model is refused, not deadlocked")
        void nestedWrite() {
            assertThatThrownBy(() -> store.write("churn", tx -> store.write("churn", inner -> 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside a write");
            assertThat(store.<Integer>write("other", tx -> store.write("churn", inner -> 1))).isEqualTo(1);
        }

        @Test
        @DisplayName("evidence, performance and audit entries come back in order")
        void historyLists() {
            registerNext(store, "churn", T0);
            Evidence report = new Evidence("validation-report", T0, "ci", "{\"auc\":0.91}");
            PerformanceRecord week1 = new PerformanceRecord(T0.plusSeconds(7 * 86400),
                    Map.of("accuracy", 0.9), 1000);
            PerformanceRecord week2 = new PerformanceRecord(T0.plusSeconds(14 * 86400),
                    Map.of("accuracy", 0.8), 1200);
            store.write("churn", tx -> {
                tx.addEvidence(1, report);
                tx.addPerformance(1, week1);
                tx.appendAudit(Fixtures.audit(tx, T0, "ci", AuditAction.EVIDENCE, 1, "", "",
                        "validation-report"));
                return null;
            });
            store.write("churn", tx -> {
                tx.addPerformance(1, week2);
                tx.appendAudit(Fixtures.audit(tx, T0, "ci", AuditAction.PERFORMANCE, 1, "", "", ""));
                return null;
            });

            assertThat(store.evidence("churn", 1)).containsExactly(report);
            assertThat(store.performance("churn", 1)).containsExactly(week1, week2);
            assertThat(store.evidence("churn", 2)).isEmpty();
            assertThat(store.audit("churn", 0, 100)).extracting(AuditEvent::seq)
                    .containsExactly(1L, 2L, 3L);
            assertThat(store.audit("churn", 1, 1)).extracting(AuditEvent::action)
                    .containsExactly(AuditAction.EVIDENCE);
            assertThat(store.audit("churn", 3, 10)).isEmpty();
            assertThat(store.audit("churn", 0, 0)).isEmpty();
        }
    }

    @Nested
    @DisplayName("persistence and other processes")
    class Persistence {

        @Test
        @DisplayName("a reopened store returns equal values")
        void reopenedStore() {
            ModelVersion full = new ModelVersion("fraud/Scorer", 1, Stage.STAGING, SHA, 123,
                    "tribuo-protobuf", new ArtifactSignature("HmacSHA256", "k1", "c2ln"),
                    T0.plusMillis(123), "alice", "first \"cut\"\nline two ✓",
                    Map.of("auc", 0.93, "loss", -1.5e-9, "nan", Double.NaN),
                    Map.of("seed", "42"), Map.of("team", "risk"),
                    new Lineage("fraud/base:3", "ef".repeat(32), "{\"trainer\":\"x\"}"), List.of());
            Evidence evidence = new Evidence("validation-report", T0, "ci", "{\"ok\":true}");
            PerformanceRecord record = new PerformanceRecord(T0, Map.of("accuracy", 0.5), 10);
            store.write("fraud/Scorer", tx -> {
                tx.insertVersion(full, "key");
                tx.setAlias("champion", 1);
                tx.addEvidence(1, evidence);
                tx.addPerformance(1, record);
                tx.appendAudit(Fixtures.audit(tx, T0, "alice", AuditAction.REGISTER, 1, "", "staging",
                        SHA));
                return null;
            });
            List<AuditEvent> audit = store.audit("fraud/Scorer", 0, 10);

            FileModelStore again = reopen();

            ModelVersion expected = full.withAliases(List.of("champion"));
            assertThat(store.version("fraud/Scorer", 1)).contains(expected);
            assertThat(again.version("fraud/Scorer", 1)).contains(expected);
            assertThat(again.evidence("fraud/Scorer", 1)).containsExactly(evidence);
            assertThat(again.performance("fraud/Scorer", 1)).containsExactly(record);
            assertThat(again.audit("fraud/Scorer", 0, 10)).isEqualTo(audit);
            assertThat(audit.get(0).computeHash()).isEqualTo(audit.get(0).hash());
            assertThat(again.<Optional<ModelVersion>>write("fraud/Scorer", tx -> tx.versionByIdempotencyKey("key")))
                    .contains(expected);
            assertThat(again.models()).containsExactly(new ModelSummary("fraud/Scorer", 1, 0, 1));
        }

        @Test
        @DisplayName("instants are kept to the millisecond, the same in memory and on disk")
        void millisecondInstants() {
            Instant precise = T0.plusNanos(123_456_789);
            store.write("churn", tx -> {
                tx.insertVersion(version("churn", 1, precise), "");
                return null;
            });

            Instant expected = T0.plusMillis(123);
            assertThat(store.version("churn", 1).orElseThrow().createdAt()).isEqualTo(expected);
            assertThat(reopen().version("churn", 1).orElseThrow().createdAt()).isEqualTo(expected);
        }

        @Test
        @DisplayName("a second instance sees the commits of the first, as another process would")
        void otherProcess() {
            FileModelStore other = reopen();
            registerNext(store, "churn", T0);
            assertThat(other.versions("churn")).hasSize(1);
            assertThat(other.auditHeads()).isEqualTo(Map.of("churn", 1L));

            registerNext(store, "churn", T0);
            registerNext(store, "fraud", T0);

            assertThat(other.versions("churn")).extracting(ModelVersion::version).containsExactly(1, 2);
            assertThat(other.auditHeads()).isEqualTo(Map.of("churn", 2L, "fraud", 1L));
            assertThat(registerNext(other, "churn", T0)).isEqualTo(3);
            assertThat(store.versions("churn")).hasSize(3);
        }

        @Test
        @DisplayName("log files are readable JSON with one typed record per write")
        void readableLog() throws Exception {
            registerNext(store, "churn", T0);

            String json = Files.readString(logFile("churn", 1));

            assertThat(json).contains("\"model\" : \"churn\"", "\"seq\" : 1",
                    "\"type\" : \"insertVersion\"", "\"type\" : \"appendAudit\"",
                    "\"createdAt\" : \"2026-01-01T00:00:00Z\"", "\"stage\" : \"draft\"",
                    "\"action\" : \"register\"");
            assertThat(json).doesNotContain("\"present\"");
        }
    }

    @Nested
    @DisplayName("layout")
    class Layout {

        @Test
        @DisplayName("a new store gets the layout marker and its directories")
        void created() throws Exception {
            assertThat(Files.readString(dir.resolve("mlops-store.json")))
                    .isEqualToIgnoringWhitespace("{\"layout\":1}");
            assertThat(dir.resolve("blobs/sha256")).isDirectory();
            assertThat(dir.resolve("models")).isDirectory();
            assertThat(dir.resolve("tmp")).isDirectory();
        }

        @Test
        @DisplayName("an unknown layout is refused, naming the store")
        void unknownLayout() throws Exception {
            Files.writeString(dir.resolve("mlops-store.json"), "{\"layout\":3}");

            assertThatThrownBy(FileModelStoreTest.this::reopen)
                    .isInstanceOf(MlopsConfigurationException.class)
                    .hasMessageContaining(dir.toRealPath().toString())
                    .hasMessageContaining("layout 3");
        }

        @Test
        @DisplayName("a damaged layout marker is a storage error, not a usage error")
        void garbageMarker() throws Exception {
            Files.writeString(dir.resolve("mlops-store.json"), "\u0000\u0001 not json");

            assertThatThrownBy(FileModelStoreTest.this::reopen)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("mlops-store.json")
                    .hasMessageContaining("the store is damaged");
            Files.writeString(dir.resolve("mlops-store.json"), "[1]");
            assertThatThrownBy(FileModelStoreTest.this::reopen).isInstanceOf(StorageException.class);
        }

        @Test
        @DisplayName("requiring signatures is kept in the marker, which the layout check accepts")
        void requiredSignatures() throws Exception {
            assertThat(store.signaturesRequired()).isFalse();
            FileModelStore other = reopen();
            other.requireSignatures();
            assertThat(store.signaturesRequired()).isTrue();
            assertThat(Files.readString(dir.resolve("mlops-store.json")))
                    .isEqualToIgnoringWhitespace("{\"layout\":1,\"signaturesRequired\":true}");
            assertThat(reopen().signaturesRequired()).isTrue();
        }

        @Test
        @DisplayName("a non-empty directory that is not a store is refused")
        void foreignDirectory() throws Exception {
            Path other = temp.resolve("documents");
            Files.createDirectories(other);
            Files.writeString(other.resolve("thesis.txt"), "precious");

            assertThatThrownBy(() -> FileModelStore.open(other))
                    .isInstanceOf(MlopsConfigurationException.class)
                    .hasMessageContaining(other.toRealPath().toString())
                    .hasMessageContaining("thesis.txt");
            assertThat(filesUnder(other)).containsExactly(other.resolve("thesis.txt"));
        }

        @Test
        @DisplayName("a store whose first open was cut short before the marker opens")
        void interruptedCreation() throws Exception {
            Path half = temp.resolve("half");
            Files.createDirectories(half.resolve("tmp"));
            Files.createDirectories(half.resolve("models"));

            FileModelStore.open(half).close();

            assertThat(half.resolve("mlops-store.json")).exists();
        }

        @Test
        @DisplayName("a file is not a store")
        void fileAsRoot() throws Exception {
            Path file = Files.writeString(temp.resolve("file"), "x");

            assertThatThrownBy(() -> FileModelStore.open(file))
                    .isInstanceOf(MlopsConfigurationException.class)
                    .hasMessageContaining(file.toString());
        }

        @Test
        @DisplayName("opening removes temp files older than an hour and keeps younger ones")
        void staleTempFiles() throws Exception {
            Path stale = Files.writeString(dir.resolve("tmp/artifact-1.tmp"), "left by a crash");
            Files.setLastModifiedTime(stale,
                    FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
            Path young = Files.writeString(dir.resolve("tmp/artifact-2.tmp"), "being written");

            reopen();

            assertThat(stale).doesNotExist();
            assertThat(young).exists();
        }
    }

    @Nested
    @DisplayName("model names")
    class Names {

        @Test
        @DisplayName("names that differ only in case are different models in different directories")
        void caseMatters() throws Exception {
            registerNext(store, "Fraud/Scorer", T0);
            registerNext(store, "fraud/scorer", T0);
            registerNext(store, "fraud/scorer", T0);

            assertThat(dir.resolve("models/^fraud+^scorer/log")).isDirectory();
            assertThat(dir.resolve("models/fraud+scorer/log")).isDirectory();
            assertThat(store.models()).containsExactly(new ModelSummary("Fraud/Scorer", 1, 0, 1),
                    new ModelSummary("fraud/scorer", 2, 0, 2));
            assertThat(reopen().auditHeads())
                    .isEqualTo(Map.of("Fraud/Scorer", 1L, "fraud/scorer", 2L));
        }

        @Test
        @DisplayName("a name that climbs out of the store is refused and nothing is created")
        void traversal() throws Exception {
            List<Path> before = filesUnder(temp);

            for (String bad : List.of("../x", "..", "a/../../x", "/abs", "a/b/c", "a\\b", "")) {
                assertThatThrownBy(() -> store.write(bad, tx -> {
                    tx.insertVersion(version(bad, 1, T0), "");
                    return null;
                })).as(bad).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> store.versions(bad)).as(bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }

            assertThat(filesUnder(temp)).isEqualTo(before);
            try (Stream<Path> entries = Files.list(temp)) {
                assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("store");
            }
        }

        @Test
        @DisplayName("stray entries under models/ are ignored")
        void strayEntries() throws Exception {
            registerNext(store, "churn", T0);
            Files.createDirectories(dir.resolve("models/Not A Model"));
            Files.writeString(dir.resolve("models/notes.txt~"), "x");

            assertThat(store.models()).extracting(ModelSummary::name).containsExactly("churn");
        }
    }

    @Nested
    @DisplayName("damaged logs")
    class DamagedLogs {

        @Test
        @DisplayName("a log file that is not JSON is a StorageException naming it; other models stay listed")
        void garbage() throws Exception {
            registerNext(store, "churn", T0);
            registerNext(store, "fraud", T0);
            Files.writeString(logFile("churn", 2), "{\"format\" : 1, \"mod");

            FileModelStore fresh = reopen();
            assertThatThrownBy(() -> fresh.versions("churn"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(logFile("churn", 2).getFileName().toString());
            assertThatThrownBy(() -> store.versions("churn"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(logFile("churn", 2).toString());
            assertThatThrownBy(() -> registerNext(store, "churn", T0))
                    .isInstanceOf(StorageException.class);
            // one damaged model must not hide the others; verifyAudit names it
            assertThat(store.models()).extracting(ModelSummary::name).containsExactly("fraud");
            assertThat(store.auditHeads()).containsOnlyKeys("fraud");
            assertThat(logFile("churn", 3)).doesNotExist();
        }

        @Test
        @DisplayName("JSON that is not a transaction, or not this one, is refused")
        void notATransaction() throws Exception {
            registerNext(store, "churn", T0);
            registerNext(store, "churn", T0);
            String first = Files.readString(logFile("churn", 1));

            for (String content : List.of("{}", "[]", "{\"layout\":1}",
                    first, // seq 1 copied to seq 2
                    first.replace("\"seq\" : 1", "\"seq\" : 2"), // version 1 inserted twice
                    first.replace("\"model\" : \"churn\"", "\"model\" : \"fraud\""))) {
                Files.writeString(logFile("churn", 2), content);
                assertThatThrownBy(() -> reopen().versions("churn")).as(content)
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining(logFile("churn", 2).toString());
            }
        }

        @Test
        @DisplayName("a gap in the log is refused rather than skipped")
        void gap() throws Exception {
            for (int i = 0; i < 3; i++) {
                registerNext(store, "churn", T0);
            }
            Files.delete(logFile("churn", 2));

            assertThatThrownBy(() -> reopen().versions("churn"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(logFile("churn", 2).toString());
        }

        @Test
        @DisplayName("a missing first log file does not let a write slip in front of the rest")
        void missingFirst() throws Exception {
            registerNext(store, "churn", T0);
            registerNext(store, "churn", T0);
            Files.delete(logFile("churn", 1));

            FileModelStore fresh = reopen();
            assertThatThrownBy(() -> registerNext(fresh, "churn", T0))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(logFile("churn", 1).toString());
            assertThat(logFile("churn", 1)).doesNotExist();
        }
    }

    @Nested
    @DisplayName("search")
    class Search {

        @BeforeEach
        void versions() {
            // a and b have versions at the same instants, so order falls back to name and number
            for (String name : List.of("b", "a")) {
                for (int i = 1; i <= 4; i++) {
                    Instant createdAt = T0.plusSeconds(i / 2);
                    int number = i;
                    store.write(name, tx -> {
                        tx.insertVersion(new ModelVersion(name, number,
                                number % 2 == 0 ? Stage.STAGING : Stage.DRAFT, SHA, 1, "",
                                ArtifactSignature.NONE, createdAt, "t", "",
                                Map.of("auc", number / 10.0), Map.of(),
                                Map.of("parity", number % 2 == 0 ? "even" : "odd"),
                                Lineage.NONE, List.of()), "");
                        return null;
                    });
                }
            }
        }

        List<String> all(VersionQuery.Builder query, int pageSize) {
            List<String> refs = new ArrayList<>();
            String token = "";
            do {
                Page<ModelVersion> page = store.search(query.pageSize(pageSize).pageToken(token).build());
                assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
                page.items().forEach(v -> refs.add(v.ref().toString()));
                token = page.nextPageToken();
            } while (!token.isEmpty());
            return refs;
        }

        @Test
        @DisplayName("orders by creation time, then name, then version, across pages")
        void order() {
            List<String> oldestFirst = List.of("a:1", "b:1", "a:2", "a:3", "b:2", "b:3", "a:4", "b:4");
            List<String> newestFirst = new ArrayList<>(oldestFirst);
            Collections.reverse(newestFirst);

            for (int pageSize : new int[] {1, 2, 3, 8, 100}) {
                assertThat(all(VersionQuery.builder().oldestFirst(), pageSize)).as("page size %d", pageSize)
                        .isEqualTo(oldestFirst);
                assertThat(all(VersionQuery.builder(), pageSize)).as("page size %d", pageSize)
                        .isEqualTo(newestFirst);
            }
        }

        @Test
        @DisplayName("the last page has no next token, even when it is full")
        void lastPage() {
            Page<ModelVersion> page = store.search(VersionQuery.builder().pageSize(8).build());

            assertThat(page.items()).hasSize(8);
            assertThat(page.hasNext()).isFalse();
        }

        @Test
        @DisplayName("filters by name, stage, tag, metric and time")
        void filters() {
            assertThat(all(VersionQuery.builder().name("a").oldestFirst(), 2))
                    .containsExactly("a:1", "a:2", "a:3", "a:4");
            assertThat(all(VersionQuery.builder().stage(Stage.STAGING).oldestFirst(), 2))
                    .containsExactly("a:2", "b:2", "a:4", "b:4");
            assertThat(all(VersionQuery.builder().tag("parity", "odd").name("b").oldestFirst(), 2))
                    .containsExactly("b:1", "b:3");
            assertThat(all(VersionQuery.builder().metric("auc", 0.25, 1).oldestFirst(), 2))
                    .containsExactly("a:3", "b:3", "a:4", "b:4");
            assertThat(all(VersionQuery.builder()
                    .createdBetween(T0.plusSeconds(1), T0.plusSeconds(2)).oldestFirst(), 2))
                    .containsExactly("a:2", "a:3", "b:2", "b:3");
            assertThat(all(VersionQuery.builder().name("unknown"), 2)).isEmpty();
        }
    }

    @Nested
    @DisplayName("models and audit heads")
    class Heads {

        @Test
        @DisplayName("every model with its newest audit entry; 0 for a model without audit")
        void auditHeads() {
            assertThat(store.auditHeads()).isEmpty();
            registerNext(store, "churn", T0);
            registerNext(store, "churn", T0);
            store.write("quiet", tx -> {
                tx.insertVersion(version("quiet", 1, T0), "");
                return null;
            });

            assertThat(store.auditHeads()).isEqualTo(Map.of("churn", 2L, "quiet", 0L));
            assertThat(store.models()).extracting(ModelSummary::name).containsExactly("churn", "quiet");
        }

        @Test
        @DisplayName("unknown models read as empty and are not created")
        void unknownModel() throws Exception {
            assertThat(store.versions("ghost")).isEmpty();
            assertThat(store.version("ghost", 1)).isEmpty();
            assertThat(store.aliases("ghost")).isEmpty();
            assertThat(store.audit("ghost", 0, 10)).isEmpty();
            assertThat(store.evidence("ghost", 1)).isEmpty();
            assertThat(filesUnder(dir.resolve("models"))).isEmpty();
        }
    }

    @Nested
    @DisplayName("closing")
    class Closing {

        @Test
        @DisplayName("is idempotent, and later calls fail")
        void close() {
            store.close();
            store.close();

            assertThatThrownBy(() -> store.versions("churn")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> store.write("churn", tx -> 1))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> put(store, new byte[1])).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(store::auditHeads).isInstanceOf(IllegalStateException.class);
        }
    }
}
