package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.Ed25519Signer;
import dev.mlops.core.HmacSha256Signer;
import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.GateResult;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.Stage;
import dev.mlops.registry.VersionQuery;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.StoreTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compatibility kit every {@link ModelStore} must pass. A backend's test extends this class
 * and says how to create a fresh store and how to damage one behind the registry's back; the suite
 * then checks the whole registry contract over it: version allocation under concurrency,
 * idempotency, artifact round trips, integrity, the stage table, single production, rollback,
 * alias compare-and-set, the audit chain, search, events, caching and persistence.
 */
public abstract class ModelStoreTck {

    /** Threads used by the concurrency tests. */
    protected static final int THREADS = 8;

    /** The time every store's clock starts at. */
    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A URI of a new, empty store; a different one on every call. */
    protected abstract String newStoreUri() throws Exception;

    /** Options passed when opening this backend's stores. */
    protected Map<String, String> storeOptions() {
        return Map.of();
    }

    /** Flips one byte of the stored artifact with this digest, as a bad disk or an attacker would. */
    protected abstract void corruptArtifact(String storeUri, String sha256) throws Exception;

    /** Changes the reason of one stored audit entry in place, bypassing the registry. */
    protected abstract void editAuditReason(String storeUri, String model, long seq, String reason)
            throws Exception;

    @TempDir
    protected Path temp;

    protected String uri;
    protected TestClock clock;
    protected ModelRegistry registry;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void openFreshStore() throws Exception {
        uri = newStoreUri();
        clock = new TestClock(START);
        registry = open(b -> { });
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable c : opened) {
            c.close();
        }
        opened.clear();
    }

    /** Opens another registry on the same store, as another service instance would. */
    protected ModelRegistry open(Consumer<ModelRegistries.Builder> customize) {
        ModelRegistries.Builder builder = ModelRegistries.builder(uri).actor("tck").clock(clock)
                .withoutSigning().refreshInterval(Duration.ofMillis(50));
        storeOptions().forEach(builder::option);
        customize.accept(builder);
        ModelRegistry r = builder.open();
        opened.add(r);
        return r;
    }

    protected ModelVersion register(String name, byte[] bytes) {
        return registry.register(RegisterRequest.builder(name, ArtifactSource.of(bytes)).build());
    }

    protected ModelVersion register(String name) {
        return register(name, TckModels.bytes(64, name.hashCode() ^ System.nanoTime()));
    }

    /** Moves a DRAFT version along the lifecycle to {@code target}. */
    protected ModelVersion moveTo(ModelRegistry r, ModelVersion v, Stage target) {
        List<Stage> path = switch (target) {
            case DRAFT -> List.of();
            case TESTING -> List.of(Stage.TESTING);
            case STAGING -> List.of(Stage.TESTING, Stage.STAGING);
            case PRODUCTION -> List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION);
            case ARCHIVED -> List.of(Stage.ARCHIVED);
        };
        ModelVersion current = v;
        for (Stage stage : path) {
            current = r.promote(v.name(), v.version(), stage, "tck");
        }
        return current;
    }

    protected static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Runs {@code task} on {@link #THREADS} threads released at once; returns their results. */
    protected static <T> List<T> concurrently(int tasks, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until {@code condition} holds, failing after five seconds. */
    protected static void eventually(Supplier<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Nested
    @DisplayName("version allocation")
    class Versions {

        @Test
        @DisplayName("a first registration is version 1 in DRAFT with all its metadata")
        void firstRegistration() throws Exception {
            byte[] bytes = TckModels.bytes(1000, 1);
            ModelVersion v = registry.register(RegisterRequest.builder("churn", ArtifactSource.of(bytes))
                    .format("raw").description("first; \"quoted\" ünïcode").metric("auc", 0.91)
                    .param("lr", "0.1").tag("team", "growth").tag("note", "a;b'c")
                    .lineage(new Lineage("base:3", "ab".repeat(32), "{\"trainer\":\"x\"}"))
                    .build());
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.stage()).isEqualTo(Stage.DRAFT);
            assertThat(v.sha256()).isEqualTo(sha256(bytes));
            assertThat(v.sizeBytes()).isEqualTo(1000);
            assertThat(v.createdAt()).isEqualTo(START);
            assertThat(v.createdBy()).isEqualTo("tck");
            ModelVersion read = registry.get("churn:1");
            assertThat(read).isEqualTo(v);
            assertThat(read.description()).isEqualTo("first; \"quoted\" ünïcode");
            assertThat(read.metrics()).containsExactlyEntriesOf(Map.of("auc", 0.91));
            assertThat(read.tags()).containsEntry("note", "a;b'c");
            assertThat(read.lineage().parent()).isEqualTo("base:3");
            assertThat(read.lineage().provenance()).isEqualTo("{\"trainer\":\"x\"}");
        }

        @Test
        @DisplayName("each model numbers its versions from 1")
        void perModelNumbering() {
            register("a");
            register("a");
            register("ns/b");
            assertThat(registry.get("a").version()).isEqualTo(2);
            assertThat(registry.get("ns/b").version()).isEqualTo(1);
            assertThat(registry.models()).extracting(ModelSummary::name).containsExactly("a", "ns/b");
            assertThat(registry.models().get(0)).isEqualTo(new ModelSummary("a", 2, 0, 2));
        }

        @Test
        @DisplayName("concurrent registrations from two registries get exactly versions 1..N")
        void concurrentRegistrations() throws Exception {
            ModelRegistry other = open(b -> { });
            int n = 64;
            List<Integer> versions = concurrently(n, () -> {
                ModelRegistry r = Thread.currentThread().getId() % 2 == 0 ? registry : other;
                return r.register(RegisterRequest.builder("race",
                        ArtifactSource.of(TckModels.bytes(512, System.nanoTime()))).build()).version();
            });
            assertThat(versions).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
            assertThat(registry.versions("race")).extracting(ModelVersion::version)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
            assertThat(registry.verifyAudit().valid()).isTrue();
        }

        @Test
        @DisplayName("a retried registration with the same idempotency key returns the first version")
        void idempotency() throws Exception {
            byte[] bytes = TckModels.bytes(100, 7);
            List<Integer> versions = concurrently(16, () -> registry.register(
                    RegisterRequest.builder("idem", ArtifactSource.of(bytes)).idempotencyKey("k-1")
                            .build()).version());
            assertThat(versions).containsOnly(1);
            assertThat(registry.versions("idem")).hasSize(1);
            assertThat(register("idem").version()).isEqualTo(2);
            assertThat(registry.register(RegisterRequest.builder("other", ArtifactSource.of(bytes))
                    .idempotencyKey("k-1").build()).version()).as("keys are per model").isEqualTo(1);
        }

        @Test
        @DisplayName("an idempotency key reused for different bytes is a conflict")
        void idempotencyConflict() {
            registry.register(RegisterRequest.builder("idem", ArtifactSource.of(new byte[] {1}))
                    .idempotencyKey("k").build());
            assertThatThrownBy(() -> registry.register(RegisterRequest.builder("idem",
                    ArtifactSource.of(new byte[] {2})).idempotencyKey("k").build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("idem:1");
            assertThat(registry.versions("idem")).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"../x", "..", "a/../b", "a/b/c", "/abs", "a\\b", "a\nb", " x", "x y",
                "", "a@b", "a:b", "-x"})
        @DisplayName("malformed model names are refused before anything is written")
        void badNames(String name) {
            assertThatThrownBy(() -> register(name)).isInstanceOf(IllegalArgumentException.class);
            assertThat(registry.models()).isEmpty();
        }

        @Test
        @DisplayName("unknown models, versions and aliases are not found")
        void notFound() {
            assertThatThrownBy(() -> registry.get("nope")).isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining("nope");
            register("m");
            assertThatThrownBy(() -> registry.get("m:2")).isInstanceOf(ModelNotFoundException.class);
            assertThatThrownBy(() -> registry.get("m@champion"))
                    .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("champion");
            assertThatThrownBy(() -> registry.get("m@production"))
                    .isInstanceOf(ModelNotFoundException.class);
            assertThat(registry.find("m:2")).isEmpty();
            assertThat(registry.find("m")).isPresent();
        }
    }

    @Nested
    @DisplayName("artifacts")
    class Artifacts {

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 4096, 1024 * 1024 + 1, 8 * 1024 * 1024})
        @DisplayName("bytes come back exactly, through read and download")
        void roundTrip(int size) throws Exception {
            byte[] bytes = TckModels.bytes(size, size);
            ModelVersion v = register("blob", bytes);
            assertThat(v.sha256()).isEqualTo(sha256(bytes));
            assertThat(registry.readArtifact("blob:1")).isEqualTo(bytes);
            Path out = temp.resolve("out.bin");
            registry.downloadArtifact("blob:1", out);
            assertThat(Files.readAllBytes(out)).isEqualTo(bytes);
            assertThat(registry.verify("blob:1").intact()).isTrue();
        }

        @Test
        @DisplayName("identical bytes are stored once and shared by versions")
        void deduplicated() {
            byte[] bytes = TckModels.bytes(2048, 3);
            ModelVersion a = register("a", bytes);
            ModelVersion b = register("b", bytes);
            assertThat(a.sha256()).isEqualTo(b.sha256());
            assertThat(registry.readArtifact("b:1")).isEqualTo(bytes);
        }

        @Test
        @DisplayName("a model loads by reference as a typed model, once")
        void loadModel() {
            registry.register(RegisterRequest.builder("clf",
                    ArtifactSource.of(TckModels.constant("yes"))).format(TckModels.ConstantFormat.NAME).build());
            TckModels.ConstantModel model = registry.load("clf:1", TckModels.FORMAT);
            assertThat(model.predict()).isEqualTo("yes");
            assertThat(registry.load("clf:1", TckModels.FORMAT)).isSameAs(model);
        }

        @Test
        @DisplayName("an artifact of another format is refused before it is read")
        void formatMismatch() {
            registry.register(RegisterRequest.builder("raw", ArtifactSource.of(new byte[] {1, 2}))
                    .format("onnx").build());
            assertThatThrownBy(() -> registry.load("raw:1", TckModels.FORMAT))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onnx");
        }

        @Test
        @DisplayName("bytes that are not a model fail to load with an integrity error")
        void notAModel() {
            registry.register(RegisterRequest.builder("junk", ArtifactSource.of(TckModels.bytes(300, 9)))
                    .format(TckModels.ConstantFormat.NAME).build());
            assertThatThrownBy(() -> registry.load("junk:1", TckModels.FORMAT))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("junk:1");
        }
    }

    @Nested
    @DisplayName("integrity")
    class Integrity {

        @Test
        @DisplayName("one flipped byte fails verification and refuses reads, downloads and loads")
        void flippedByte() throws Exception {
            byte[] bytes = TckModels.constant("yes");
            ModelVersion v = registry.register(RegisterRequest.builder("m", ArtifactSource.of(bytes))
                    .format(TckModels.ConstantFormat.NAME).build());
            corruptArtifact(uri, v.sha256());
            var verification = registry.verify("m:1");
            assertThat(verification.intact()).isFalse();
            assertThat(verification.digestValid()).isFalse();
            assertThat(verification.actualSha256()).isNotEqualTo(v.sha256());
            assertThatThrownBy(() -> registry.readArtifact("m:1")).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("m:1");
            Path out = temp.resolve("download.bin");
            assertThatThrownBy(() -> registry.downloadArtifact("m:1", out))
                    .isInstanceOf(IntegrityException.class);
            assertThat(out).doesNotExist();
            assertThat(Files.list(temp).filter(p -> p.getFileName().toString().endsWith(".part")))
                    .isEmpty();
            assertThatThrownBy(() -> open(b -> { }).load("m:1", TckModels.FORMAT))
                    .isInstanceOf(IntegrityException.class);
        }

        @Test
        @DisplayName("registering bytes whose stored copy was damaged stores them whole again")
        void repairsDamagedCopy() throws Exception {
            byte[] bytes = TckModels.bytes(4096, 5);
            ModelVersion first = register("fix", bytes);
            corruptArtifact(uri, first.sha256());
            assertThat(registry.verify("fix:1").intact()).isFalse();
            register("fix", bytes);
            assertThat(registry.verify("fix:2").intact()).isTrue();
            assertThat(registry.readArtifact("fix:2")).isEqualTo(bytes);
        }

        @Test
        @DisplayName("Ed25519: services verify with the public key alone, which cannot register")
        void ed25519VerifyOnly() {
            KeyPair keys = Ed25519Signer.generateKeys();
            ModelRegistry build = open(b -> b.signer(Ed25519Signer.of(keys)));
            build.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {4, 2})).build());
            String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
            ModelRegistry service = open(b -> b.signer(Ed25519Signer.verifying(publicKey)));
            assertThat(service.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.VALID);
            assertThat(service.readArtifact("m:1")).containsExactly(4, 2);
            assertThatThrownBy(() -> service.register(RegisterRequest.builder("m",
                    ArtifactSource.of(new byte[] {1})).build()))
                    .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("cannot sign");
            ModelRegistry other = open(b -> b.signer(Ed25519Signer.verifying(Ed25519Signer.generateKeys().getPublic())));
            assertThat(other.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.INVALID);
            assertThatThrownBy(() -> other.readArtifact("m:1")).isInstanceOf(IntegrityException.class);
        }

        @Test
        @DisplayName("signatures verify with the key that made them and fail with any other")
        void signatures() {
            ModelRegistry signing = open(b -> b.signer(HmacSha256Signer.of("key-one-key-one-key-one-key-one")));
            ModelVersion v = signing.register(RegisterRequest.builder("s",
                    ArtifactSource.of(TckModels.constant("a"))).format(TckModels.ConstantFormat.NAME).build());
            assertThat(v.signature().isPresent()).isTrue();
            assertThat(signing.verify("s:1").signatureStatus()).isEqualTo(SignatureStatus.VALID);
            assertThat(signing.load("s:1", TckModels.FORMAT)).isNotNull();

            ModelRegistry otherKey = open(b -> b.signer(HmacSha256Signer.of("key-two-key-two-key-two-key-two")));
            var verification = otherKey.verify("s:1");
            assertThat(verification.intact()).isFalse();
            assertThat(verification.signatureStatus()).isEqualTo(SignatureStatus.INVALID);
            assertThat(verification.message()).contains(v.signature().keyId());
            assertThatThrownBy(() -> otherKey.load("s:1", TckModels.FORMAT))
                    .isInstanceOf(IntegrityException.class);
            assertThatThrownBy(() -> otherKey.readArtifact("s:1")).isInstanceOf(IntegrityException.class);

            assertThat(registry.verify("s:1").signatureStatus()).isEqualTo(SignatureStatus.UNCHECKED);
            register("u");
            assertThat(signing.verify("u:1").signatureStatus()).isEqualTo(SignatureStatus.MISSING);
            assertThatThrownBy(() -> signing.readArtifact("u:1")).isInstanceOf(IntegrityException.class);
        }
    }

    @Nested
    @DisplayName("stages")
    class Stages {

        @ParameterizedTest
        @EnumSource(Stage.class)
        @DisplayName("promote follows the transition table from every stage")
        void transitionTable(Stage from) {
            for (Stage to : Stage.values()) {
                ModelVersion v = moveTo(registry, register("t"), from);
                if (from.canMoveTo(to)) {
                    assertThat(registry.promote("t", v.version(), to, "").stage()).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> registry.promote("t", v.version(), to, ""))
                            .isInstanceOf(ConflictException.class).hasMessageContaining(from.name());
                    assertThat(registry.get("t:" + v.version()).stage()).isEqualTo(from);
                }
            }
        }

        @Test
        @DisplayName("promoting to PRODUCTION archives the previous production version atomically")
        void singleProduction() {
            ModelVersion v1 = moveTo(registry, register("p"), Stage.PRODUCTION);
            ModelVersion v2 = moveTo(registry, register("p"), Stage.PRODUCTION);
            assertThat(registry.get("p@production").version()).isEqualTo(v2.version());
            assertThat(registry.get("p:" + v1.version()).stage()).isEqualTo(Stage.ARCHIVED);
            List<AuditEvent> history = registry.history("p");
            AuditEvent archive = history.get(history.size() - 2);
            AuditEvent promote = history.get(history.size() - 1);
            assertThat(archive.action()).isEqualTo(AuditAction.ARCHIVE);
            assertThat(archive.version()).isEqualTo(1);
            assertThat(promote.action()).isEqualTo(AuditAction.PROMOTE);
            assertThat(archive.time()).isEqualTo(promote.time());
            assertThat(registry.models().get(0).productionVersion()).isEqualTo(2);
        }

        @Test
        @DisplayName("concurrent promotions to PRODUCTION leave exactly one production version")
        void concurrentPromotions() throws Exception {
            List<ModelVersion> staged = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                staged.add(moveTo(registry, register("cp"), Stage.STAGING));
            }
            ModelRegistry other = open(b -> { });
            concurrently(THREADS, () -> {
                int i = (int) (Thread.currentThread().getId() % THREADS);
                for (ModelVersion v : staged) {
                    try {
                        (i % 2 == 0 ? registry : other).promote("cp", v.version(), Stage.PRODUCTION, "");
                    } catch (ConflictException expected) {
                        // another thread promoted it first, or archived it meanwhile
                    }
                }
                return null;
            });
            assertThat(registry.search(VersionQuery.builder().name("cp").stage(Stage.PRODUCTION).build())
                    .items()).hasSize(1);
            assertThat(registry.verifyAudit().valid()).isTrue();
        }

        @Test
        @DisplayName("rollback restores earlier production versions, newest first, then refuses")
        void rollback() {
            for (int i = 0; i < 3; i++) {
                moveTo(registry, register("r"), Stage.PRODUCTION);
            }
            ModelVersion restored = registry.rollback("r", "bad latency");
            assertThat(restored.version()).isEqualTo(2);
            assertThat(registry.get("r@production").version()).isEqualTo(2);
            assertThat(registry.get("r:3").stage()).isEqualTo(Stage.ARCHIVED);
            assertThat(registry.rollback("r", "").version()).isEqualTo(1);
            assertThat(registry.get("r:2").stage()).isEqualTo(Stage.ARCHIVED);
            assertThatThrownBy(() -> registry.rollback("r", ""))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("no earlier");
            assertThat(registry.get("r@production").version()).isEqualTo(1);
            AuditEvent last = registry.history("r").get(registry.history("r").size() - 1);
            assertThat(last.action()).isEqualTo(AuditAction.ROLLBACK);
            assertThat(last.from()).isEqualTo("ARCHIVED");
            assertThat(last.to()).isEqualTo("PRODUCTION");
        }

        @Test
        @DisplayName("rollback after retiring the production version brings the previous one back")
        void rollbackAfterRetire() {
            moveTo(registry, register("q"), Stage.PRODUCTION);
            moveTo(registry, register("q"), Stage.PRODUCTION);
            registry.promote("q", 2, Stage.ARCHIVED, "retired");
            assertThat(registry.find("q@production")).isEmpty();
            assertThat(registry.rollback("q", "").version()).isEqualTo(1);
        }

        @Test
        @DisplayName("rollback of a model that never had production is a conflict")
        void rollbackWithoutHistory() {
            register("n");
            assertThatThrownBy(() -> registry.rollback("n", "")).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> registry.rollback("missing", ""))
                    .isInstanceOf(ModelNotFoundException.class);
        }

        @Test
        @DisplayName("a refusing gate stops the promotion and sees the version's evidence")
        void gates() {
            List<Integer> evidenceSeen = new CopyOnWriteArrayList<>();
            ModelRegistry gated = open(b -> b.gate((v, target, evidence) -> {
                evidenceSeen.add(evidence.size());
                boolean ok = target != Stage.PRODUCTION
                        || evidence.stream().anyMatch(e -> e.document().contains("\"passed\":true"));
                return ok ? GateResult.pass("report", "validated")
                        : GateResult.refuse("report", "no passing validation report");
            }));
            ModelVersion v = moveTo(gated, register("g"), Stage.STAGING);
            assertThatThrownBy(() -> gated.promote("g", v.version(), Stage.PRODUCTION, ""))
                    .isInstanceOf(PromotionRefusedException.class)
                    .hasMessageContaining("no passing validation report")
                    .satisfies(e -> assertThat(((PromotionRefusedException) e).results()).hasSize(1));
            assertThat(gated.get("g:1").stage()).isEqualTo(Stage.STAGING);
            gated.attachEvidence("g", 1, "validation-report", "{\"passed\":true}");
            assertThat(gated.promote("g", 1, Stage.PRODUCTION, "").stage()).isEqualTo(Stage.PRODUCTION);
            assertThat(evidenceSeen).endsWith(0, 1);
            assertThat(gated.evidence("g", 1)).singleElement()
                    .satisfies(e -> assertThat(e.kind()).isEqualTo("validation-report"));
        }
    }

    @Nested
    @DisplayName("aliases")
    class Aliases {

        @Test
        @DisplayName("an alias resolves, moves with history and can be removed")
        void lifecycle() {
            register("a");
            register("a");
            registry.setAlias("a", "champion", 1);
            clock.advance(Duration.ofSeconds(1));
            AliasMove move = registry.setAlias("a", "champion", 2);
            assertThat(move.fromVersion()).isEqualTo(1);
            assertThat(registry.get("a@champion").version()).isEqualTo(2);
            assertThat(registry.get("a:2").aliases()).containsExactly("champion");
            registry.removeAlias("a", "champion");
            assertThat(registry.find("a@champion")).isEmpty();
            assertThat(registry.aliasHistory("a", "champion"))
                    .extracting(AliasMove::fromVersion, AliasMove::toVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1),
                            org.assertj.core.groups.Tuple.tuple(1, 2),
                            org.assertj.core.groups.Tuple.tuple(2, 0));
        }

        @Test
        @DisplayName("of concurrent compare-and-set moves with the same expectation exactly one wins")
        void compareAndSetContention() throws Exception {
            for (int i = 0; i < THREADS + 1; i++) {
                register("c");
            }
            registry.setAlias("c", "champion", 1);
            ModelRegistry other = open(b -> { });
            List<Integer> winners = concurrently(THREADS, () -> {
                int mine = 2 + (int) (Thread.currentThread().getId() % THREADS);
                try {
                    (mine % 2 == 0 ? registry : other).compareAndSetAlias("c", "champion", 1, mine);
                    return mine;
                } catch (ConflictException lost) {
                    return 0;
                }
            });
            List<Integer> won = winners.stream().filter(w -> w > 0).toList();
            assertThat(won).hasSize(1);
            assertThat(registry.get("c@champion").version()).isEqualTo(won.get(0));
            assertThat(registry.aliasHistory("c", "champion")).hasSize(2);
        }

        @Test
        @DisplayName("compare-and-set with expectation 0 only sets an unset alias")
        void setIfUnset() {
            register("u");
            registry.compareAndSetAlias("u", "canary", 0, 1);
            assertThatThrownBy(() -> registry.compareAndSetAlias("u", "canary", 0, 1))
                    .isInstanceOf(ConflictException.class);
        }

        @Test
        @DisplayName("reserved and malformed aliases and missing versions are refused")
        void refusals() {
            register("x");
            assertThatThrownBy(() -> registry.setAlias("x", "production", 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
            assertThatThrownBy(() -> registry.setAlias("x", "Bad Alias", 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> registry.setAlias("x", "champion", 9))
                    .isInstanceOf(ModelNotFoundException.class);
            assertThatThrownBy(() -> registry.removeAlias("x", "champion"))
                    .isInstanceOf(ModelNotFoundException.class);
        }
    }

    @Nested
    @DisplayName("audit")
    class Audit {

        @Test
        @DisplayName("every mutation appends one chained entry with actor, action and reason")
        void entries() {
            register("h");
            registry.promote("h", 1, Stage.TESTING, "smoke tests passed");
            registry.setAlias("h", "candidate", 1);
            registry.updateMetadata("h", 1, MetadataUpdate.metrics(Map.of("f1", 0.8)));
            registry.attachEvidence("h", 1, "report", "{}");
            registry.recordPerformance("h", 1, new PerformanceRecord(START, Map.of("accuracy", 0.9), 100));
            List<AuditEvent> history = registry.history("h");
            assertThat(history).extracting(AuditEvent::action).containsExactly(AuditAction.REGISTER,
                    AuditAction.PROMOTE, AuditAction.ALIAS, AuditAction.METADATA, AuditAction.EVIDENCE,
                    AuditAction.PERFORMANCE);
            assertThat(history).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(history).allSatisfy(e -> assertThat(e.actor()).isEqualTo("tck"));
            AuditEvent promote = history.get(1);
            assertThat(promote.from()).isEqualTo("DRAFT");
            assertThat(promote.to()).isEqualTo("TESTING");
            assertThat(promote.reason()).isEqualTo("smoke tests passed");
            assertThat(history.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS);
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).previousHash()).isEqualTo(history.get(i - 1).hash());
            }
            var verification = registry.verifyAudit();
            assertThat(verification.valid()).isTrue();
            assertThat(verification.events()).isEqualTo(6);
        }

        @Test
        @DisplayName("editing a stored entry breaks the chain and verification names it")
        void tampering() throws Exception {
            register("t");
            registry.promote("t", 1, Stage.TESTING, "honest");
            register("t");
            editAuditReason(uri, "t", 2, "forged");
            ModelRegistry fresh = open(b -> { });
            var verification = fresh.verifyAudit();
            assertThat(verification.valid()).isFalse();
            assertThat(verification.problems()).anySatisfy(p -> assertThat(p).contains("t #2"));
        }

        @Test
        @DisplayName("the history of an unknown model is not found")
        void unknown() {
            assertThatThrownBy(() -> registry.history("ghost")).isInstanceOf(ModelNotFoundException.class);
        }
    }

    @Nested
    @DisplayName("metadata")
    class Metadata {

        @Test
        @DisplayName("metrics and tags merge, tags can be removed, the description is replaced")
        void update() {
            registry.register(RegisterRequest.builder("md", ArtifactSource.of(new byte[] {1}))
                    .metric("auc", 0.8).tag("a", "1").tag("b", "2").param("depth", "3").build());
            registry.updateMetadata("md", 1, new MetadataUpdate(Map.of("f1", 0.7), Map.of("c", "3"),
                    Set.of("a"), java.util.Optional.of("new text")));
            ModelVersion v = registry.get("md:1");
            assertThat(v.metrics()).containsOnly(Map.entry("auc", 0.8), Map.entry("f1", 0.7));
            assertThat(v.tags()).containsOnly(Map.entry("b", "2"), Map.entry("c", "3"));
            assertThat(v.description()).isEqualTo("new text");
            assertThat(v.params()).containsOnly(Map.entry("depth", "3"));
        }

        @Test
        @DisplayName("job records are replaced by id, keep their first order, and need no version")
        void jobs() {
            registry.recordJob(new JobRecord("job-a", "jobbed", "training", "QUEUED", START, "{\"p\":0}"));
            registry.recordJob(new JobRecord("job-b", "jobbed", "training", "RUNNING", START, "{}"));
            clock.advance(Duration.ofSeconds(5));
            registry.recordJob(new JobRecord("job-a", "jobbed", "training", "FAILED",
                    START.plusSeconds(5), "{\"error\":\"out of memory; 'quoted'\"}"));
            List<JobRecord> jobs = registry.jobs("jobbed");
            assertThat(jobs).extracting(JobRecord::id).containsExactly("job-a", "job-b");
            assertThat(jobs.get(0).status()).isEqualTo("FAILED");
            assertThat(jobs.get(0).document()).isEqualTo("{\"error\":\"out of memory; 'quoted'\"}");
            assertThat(jobs.get(0).updatedAt()).isEqualTo(START.plusSeconds(5));
            assertThat(registry.models()).as("a model without versions is not listed").isEmpty();
            assertThat(registry.history("jobbed")).extracting(AuditEvent::action)
                    .containsOnly(AuditAction.JOB);
            assertThat(registry.jobs("nobody")).isEmpty();
            register("jobbed");
            assertThat(registry.models()).extracting(ModelSummary::name).containsExactly("jobbed");
            assertThat(open(b -> { }).jobs("jobbed")).isEqualTo(registry.jobs("jobbed"));
        }

        @Test
        @DisplayName("performance records are kept in order")
        void performance() {
            register("pf");
            for (int i = 0; i < 5; i++) {
                registry.recordPerformance("pf", 1, new PerformanceRecord(START.plusSeconds(i),
                        Map.of("accuracy", 0.9 - i / 100.0), 1000 + i));
            }
            assertThat(registry.performance("pf", 1)).extracting(PerformanceRecord::sampleCount)
                    .containsExactly(1000L, 1001L, 1002L, 1003L, 1004L);
        }
    }

    @Nested
    @DisplayName("search")
    class Search {

        @BeforeEach
        void populate() {
            for (int i = 1; i <= 30; i++) {
                String name = i % 3 == 0 ? "alpha" : "beta";
                registry.register(RegisterRequest.builder(name, ArtifactSource.of(TckModels.bytes(8, i)))
                        .metric("auc", i / 100.0).tag("team", i % 2 == 0 ? "even" : "odd").build());
                if (i % 5 != 0) {
                    clock.advance(Duration.ofMinutes(1));
                }
            }
        }

        @Test
        @DisplayName("tag, stage and metric range filter together, newest first")
        void filters() {
            Page<ModelVersion> page = registry.search(VersionQuery.builder().tag("team", "even")
                    .metric("auc", 0.10, 0.20).stage(Stage.DRAFT).build());
            assertThat(page.items()).extracting(v -> v.metrics().get("auc"))
                    .containsExactly(0.20, 0.18, 0.16, 0.14, 0.12, 0.10);
            assertThat(page.hasNext()).isFalse();
            assertThat(registry.search(VersionQuery.builder().name("alpha").build()).items())
                    .hasSize(10).allSatisfy(v -> assertThat(v.name()).isEqualTo("alpha"));
            assertThat(registry.search(VersionQuery.builder().stage(Stage.PRODUCTION).build()).items())
                    .isEmpty();
        }

        @Test
        @DisplayName("a time window selects by creation time, from inclusive, before exclusive")
        void timeWindow() {
            Instant from = START.plus(Duration.ofMinutes(4));
            Instant before = START.plus(Duration.ofMinutes(6));
            List<ModelVersion> items = registry.search(VersionQuery.builder()
                    .createdBetween(from, before).oldestFirst().build()).items();
            assertThat(items).allSatisfy(v -> assertThat(v.createdAt()).isBetween(from, before.minusMillis(1)));
            // versions 5 (beta) and 6 (alpha) share a creation time: the name breaks the tie
            assertThat(items).extracting(v -> v.metrics().get("auc"))
                    .containsExactly(0.06, 0.05, 0.07);
        }

        @Test
        @DisplayName("pages cover every match exactly once, in a total order, both directions")
        void pagination() {
            for (boolean newestFirst : new boolean[] {true, false}) {
                List<ModelVersion> seen = new ArrayList<>();
                String token = "";
                do {
                    VersionQuery.Builder q = VersionQuery.builder().pageSize(7).pageToken(token);
                    if (!newestFirst) {
                        q.oldestFirst();
                    }
                    Page<ModelVersion> page = registry.search(q.build());
                    assertThat(page.items().size()).isLessThanOrEqualTo(7);
                    seen.addAll(page.items());
                    token = page.nextPageToken();
                } while (!token.isEmpty());
                List<ModelVersion> expected = new ArrayList<>(seen);
                expected.sort(newestFirst ? VersionQuery.OLDEST_FIRST.reversed() : VersionQuery.OLDEST_FIRST);
                assertThat(seen).hasSize(30).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
            }
        }

        @Test
        @DisplayName("a malformed page token is a clear error")
        void badToken() {
            assertThatThrownBy(() -> VersionQuery.builder().pageToken("%%%").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page token");
        }
    }

    @Nested
    @DisplayName("other instances and persistence")
    class SharedStore {

        @Test
        @DisplayName("everything survives closing and reopening the store")
        void reopen() throws Exception {
            byte[] bytes = TckModels.bytes(5000, 11);
            register("keep", bytes);
            moveTo(registry, register("keep"), Stage.PRODUCTION);
            registry.setAlias("keep", "champion", 1);
            registry.attachEvidence("keep", 2, "report", "{\"ok\":1}");
            registry.recordPerformance("keep", 2, new PerformanceRecord(START, Map.of("acc", 0.5), 9));
            List<AuditEvent> history = registry.history("keep");
            registry.close();

            ModelRegistry reopened = open(b -> { });
            assertThat(reopened.versions("keep")).hasSize(2);
            assertThat(reopened.get("keep@production").version()).isEqualTo(2);
            assertThat(reopened.get("keep@champion").version()).isEqualTo(1);
            assertThat(reopened.readArtifact("keep:1")).isEqualTo(bytes);
            assertThat(reopened.evidence("keep", 2)).hasSize(1);
            assertThat(reopened.performance("keep", 2)).hasSize(1);
            assertThat(reopened.history("keep")).isEqualTo(history);
            assertThat(reopened.verifyAudit().valid()).isTrue();
        }

        @Test
        @DisplayName("a store opened twice through the SPI sees the other's commits")
        void spiVisibility() {
            try (ModelStore a = ModelStores.open(uri, storeOptions());
                    ModelStore b = ModelStores.open(uri, storeOptions())) {
                byte[] bytes = TckModels.bytes(10, 1);
                var artifact = a.putArtifact(new java.io.ByteArrayInputStream(bytes));
                a.write("spi", tx -> {
                    tx.insertVersion(version("spi", 1, artifact.sha256(), artifact.sizeBytes()), "");
                    tx.appendAudit(AuditEvent.next(null, "spi", START, "tck", AuditAction.REGISTER, 1, "",
                            "DRAFT", "", "sha256=" + artifact.sha256()));
                    return null;
                });
                assertThat(b.version("spi", 1)).isPresent();
                assertThat(b.auditHeads()).containsEntry("spi", 1L);
            }
        }

        @Test
        @DisplayName("a transaction that throws leaves nothing behind")
        void atomicTransactions() {
            try (ModelStore store = ModelStores.open(uri, storeOptions())) {
                assertThatThrownBy(() -> store.write("atomic", tx -> {
                    tx.insertVersion(version("atomic", 1, "ab".repeat(32), 0), "key");
                    tx.setAlias("x", 1);
                    tx.appendAudit(AuditEvent.next(null, "atomic", START, "tck", AuditAction.REGISTER,
                            1, "", "DRAFT", "", ""));
                    throw new IllegalStateException("boom");
                })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
                assertThat(store.versions("atomic")).isEmpty();
                assertThat(store.aliases("atomic")).isEmpty();
                assertThat(store.audit("atomic", 0, 10)).isEmpty();
                assertThat(store.models()).isEmpty();
                assertThat(store.write("atomic", StoreTransaction::latestVersion)).isZero();
            }
        }

        @Test
        @DisplayName("listeners hear of registrations, stage changes and alias moves by other instances")
        void events() throws Exception {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            registry.addListener(events::add);
            ModelRegistry other = open(b -> { });
            ModelVersion v = other.register(RegisterRequest.builder("ev",
                    ArtifactSource.of(new byte[] {1})).build());
            other.promote("ev", v.version(), Stage.TESTING, "");
            other.setAlias("ev", "candidate", 1);
            eventually(() -> events.size() >= 3, "three events arrive");
            assertThat(events).hasSize(3);
            assertThat(events.get(0)).isInstanceOf(RegistryEvent.VersionRegistered.class);
            assertThat(events.get(1)).isInstanceOfSatisfying(RegistryEvent.StageChanged.class, e -> {
                assertThat(e.from()).isEqualTo(Stage.DRAFT);
                assertThat(e.to()).isEqualTo(Stage.TESTING);
            });
            assertThat(events.get(2)).isInstanceOfSatisfying(RegistryEvent.AliasMoved.class, e -> {
                assertThat(e.alias()).isEqualTo("candidate");
                assertThat(e.toVersion()).isEqualTo(1);
            });
        }

        @Test
        @DisplayName("a cached production model follows promotions here at once and elsewhere soon")
        void cacheFollowsPromotions() throws Exception {
            for (String label : List.of("one", "two", "three")) {
                registry.register(RegisterRequest.builder("svc",
                        ArtifactSource.of(TckModels.constant(label))).format(TckModels.ConstantFormat.NAME).build());
            }
            TckModels.ConstantFormat format = TckModels.FORMAT;
            moveTo(registry, registry.get("svc:1"), Stage.PRODUCTION);
            assertThat(predict(registry.load("svc@production", format))).isEqualTo("one");

            moveTo(registry, registry.get("svc:2"), Stage.PRODUCTION);
            assertThat(predict(registry.load("svc@production", format))).isEqualTo("two");

            ModelRegistry other = open(b -> { });
            moveTo(other, other.get("svc:3"), Stage.PRODUCTION);
            eventually(() -> predict(registry.load("svc@production", format)).equals("three"),
                    "the promotion by another instance is seen");
            other.rollback("svc", "");
            eventually(() -> predict(registry.load("svc@production", format)).equals("two"),
                    "the rollback by another instance is seen");
        }

        private static String predict(TckModels.ConstantModel model) {
            return model.predict();
        }

        private static ModelVersion version(String name, int v, String sha, long size) {
            return new ModelVersion(name, v, Stage.DRAFT, sha, size, "", dev.mlops.registry.ArtifactSignature.NONE,
                    START, "tck", "", Map.of(), Map.of(), Map.of(), Lineage.NONE, List.of());
        }
    }
}
