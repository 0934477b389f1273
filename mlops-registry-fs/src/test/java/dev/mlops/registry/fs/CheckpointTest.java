package dev.mlops.registry.fs;

import static dev.mlops.registry.fs.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.VersionQuery;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.VersionRemoval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of the filesystem store: whatever checkpoints and chunks a model's state went
 * through, every read answers what replaying its whole log answers.
 */
class CheckpointTest {

    static final String MODEL = "fraud/Scorer";
    /** Small, so that a few hundred transactions cross many checkpoints and chunk boundaries. */
    static final FileModelStore.Settings SMALL = new FileModelStore.Settings(7, 10, 16);
    /** No checkpoint is ever due: the log alone, as stores were written before checkpoints. */
    static final FileModelStore.Settings LOG_ONLY = new FileModelStore.Settings(Integer.MAX_VALUE, 10, 16);

    @TempDir
    Path temp;

    /** Everything a store answers about the model, to compare two stores. */
    record View(List<ModelVersion> versions, Map<Stage, List<ModelVersion>> byStage, Map<String, Integer> aliases,
            Map<Integer, List<Evidence>> evidence, Map<Integer, List<PerformanceRecord>> performance,
            List<JobRecord> jobs, List<AuditEvent> audit, List<AuditEvent> auditTail, Optional<ModelVersion> latest,
            List<ModelSummary> models, Map<String, Long> heads, List<ModelVersion> search,
            Map<String, Optional<Integer>> keys, List<AuditEvent> someActions, long head) {

        static View of(FileModelStore store) {
            Map<Stage, List<ModelVersion>> byStage = new TreeMap<>();
            for (Stage stage : Stage.values()) {
                byStage.put(stage, store.versionsInStage(MODEL, stage));
            }
            List<ModelVersion> versions = store.versions(MODEL);
            Map<Integer, List<Evidence>> evidence = new TreeMap<>();
            Map<Integer, List<PerformanceRecord>> performance = new TreeMap<>();
            for (ModelVersion v : versions) {
                evidence.put(v.version(), store.evidence(MODEL, v.version()));
                performance.put(v.version(), store.performance(MODEL, v.version()));
            }
            Map<String, Optional<Integer>> keys = store.write(MODEL, tx -> {
                Map<String, Optional<Integer>> found = new TreeMap<>();
                for (int i = 1; i <= 40; i++) {
                    found.put("key-" + i, tx.versionByIdempotencyKey("key-" + i).map(ModelVersion::version));
                }
                return found;
            });
            return new View(versions, byStage, store.aliases(MODEL), evidence, performance, store.jobs(MODEL),
                    store.audit(MODEL, 0, Integer.MAX_VALUE), store.audit(MODEL, 17, 5), store.latestVersion(MODEL),
                    store.models(), store.auditHeads(),
                    store.search(VersionQuery.builder().name(MODEL).tag("team", "t3").metric("auc", 0.5, 0.9)
                            .pageSize(1000).build()).items(),
                    keys, store.audit(MODEL, 17, EnumSet.of(AuditAction.PROMOTE, AuditAction.DELETE, AuditAction.JOB)),
                    store.auditHead(MODEL));
        }
    }

    /**
     * A history that uses every kind of write: registrations with idempotency keys, tags and
     * metrics; promotions that archive the production version; aliases; evidence and performance
     * of old versions; jobs; deletions.
     */
    static void history(FileModelStore store, int transactions) {
        for (int i = 1; i <= transactions; i++) {
            int step = i;
            Instant time = T0.plusSeconds(i);
            store.write(MODEL, tx -> {
                int latest = tx.latestVersion();
                if (step % 10 == 0 && latest > 0 && tx.version(latest).map(v -> v.stage() == Stage.DRAFT).orElse(false)) {
                    promote(tx, latest, time);
                } else if (step % 15 == 0 && latest > 0 && tx.version(latest).isPresent()) {
                    tx.setAlias("champion", latest);
                    append(tx, time, AuditAction.ALIAS, latest, "champion");
                } else if (step % 7 == 0 && latest > 3) {
                    int old = 1 + step % (latest - 1);
                    if (tx.version(old).isPresent()) {
                        tx.addEvidence(old, new Evidence("report", time, "ci", "{\"step\":" + step + "}"));
                        tx.addPerformance(old, new PerformanceRecord(time, Map.of("accuracy", step / 1000.0), step));
                        append(tx, time, AuditAction.EVIDENCE, old, "report");
                    }
                } else if (step % 25 == 0) {
                    tx.putJob(new JobRecord("job-" + (step % 2), MODEL, "training", "S" + step, time, "{}"));
                    append(tx, time, AuditAction.JOB, 0, "job");
                } else if (step % 20 == 1 && latest > 2 && removable(tx, latest - 1)) {
                    ((VersionRemoval) tx).removeVersion(latest - 1);
                    append(tx, time, AuditAction.DELETE, latest - 1, "");
                } else {
                    int next = latest + 1;
                    ModelVersion v = Fixtures.version(MODEL, next, time).withMetadata("v" + next,
                            Map.of("auc", (next * 37 % 50) / 50.0 + 0.5), Map.of("team", "t" + next % 5));
                    tx.insertVersion(v, next % 3 == 0 ? "key-" + next : "");
                    append(tx, time, AuditAction.REGISTER, next, "");
                }
                return null;
            });
        }
    }

    private static boolean removable(StoreTransaction tx, int version) {
        return tx.version(version).map(v -> v.stage() == Stage.DRAFT && v.aliases().isEmpty()).orElse(false)
                && !tx.aliases().containsValue(version);
    }

    private static void promote(StoreTransaction tx, int version, Instant time) {
        for (ModelVersion current : tx.versionsInStage(Stage.PRODUCTION)) {
            tx.updateVersion(current.withStage(Stage.ARCHIVED));
            append(tx, time, AuditAction.ARCHIVE, current.version(), "");
        }
        tx.updateVersion(tx.version(version).orElseThrow().withStage(Stage.PRODUCTION));
        append(tx, time, AuditAction.PROMOTE, version, "");
    }

    /** Appends after the newest entry, the one this transaction appended last included. */
    private static void append(StoreTransaction tx, Instant time, AuditAction action, int version, String detail) {
        AuditEvent last = pending.get();
        AuditEvent previous = last != null && last.name().equals(tx.name()) && tx.lastAudit().map(a -> a.seq() < last.seq()).orElse(true)
                ? last : tx.lastAudit().orElse(null);
        AuditEvent next = AuditEvent.next(previous, tx.name(), time, "tester", action, version, "", "", "", detail);
        tx.appendAudit(next);
        pending.set(next);
    }

    /** The entry this thread appended last: store reads in a transaction need not see its own writes. */
    private static final ThreadLocal<AuditEvent> pending = new ThreadLocal<>();

    private static long logFiles(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store.resolve("models").resolve(ModelDirNames.encode(MODEL)).resolve("log"))) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).count();
        }
    }

    @Test
    @DisplayName("a model read from its checkpoint answers every read as its whole log does")
    void sameAsTheLog() throws IOException {
        Path checkpointed = temp.resolve("checkpointed");
        Path logOnly = temp.resolve("log-only");
        View expected;
        try (FileModelStore store = FileModelStore.open(logOnly, LOG_ONLY)) {
            pending.remove();
            history(store, 300);
            expected = View.of(store);
        }
        View written;
        try (FileModelStore store = FileModelStore.open(checkpointed, SMALL)) {
            pending.remove();
            history(store, 300);
            written = View.of(store);
        }
        assertThat(written).isEqualTo(expected);
        assertThat(expected.versions()).hasSizeGreaterThan(150);
        assertThat(expected.byStage().get(Stage.ARCHIVED)).isNotEmpty();
        assertThat(expected.keys().values()).contains(Optional.empty()).anyMatch(Optional::isPresent);
        assertThat(expected.someActions()).extracting(AuditEvent::action)
                .contains(AuditAction.PROMOTE, AuditAction.DELETE, AuditAction.JOB)
                .doesNotContain(AuditAction.REGISTER);

        try (FileModelStore reopened = FileModelStore.open(checkpointed, SMALL)) {
            assertThat(View.of(reopened)).isEqualTo(expected);
        }
        assertThat(checkpointed.resolve("models").resolve(ModelDirNames.encode(MODEL)).resolve(FileModelStore.CHECKPOINT))
                .isRegularFile();
        assertThat(logFiles(checkpointed)).isLessThan(SMALL.every());
        assertThat(Files.readString(checkpointed.resolve(FileModelStore.MARKER))).contains("2");
    }

    @Test
    @DisplayName("a store written before checkpoints opens, and gets its checkpoint when first read")
    void oldStoreGetsItsCheckpoint() throws IOException {
        Path dir = temp.resolve("old");
        View expected;
        try (FileModelStore old = FileModelStore.open(dir, LOG_ONLY)) {
            pending.remove();
            history(old, 120);
            expected = View.of(old);
        }
        // a log as long as stores written before checkpoints had (some steps commit nothing)
        assertThat(logFiles(dir)).isGreaterThan(SMALL.every() * 10L);
        assertThat(Files.readString(dir.resolve(FileModelStore.MARKER))).contains("1");

        try (FileModelStore upgraded = FileModelStore.open(dir, SMALL)) {
            assertThat(upgraded.versions(MODEL)).isEqualTo(expected.versions());
            assertThat(logFiles(dir)).isZero();
            assertThat(Files.readString(dir.resolve(FileModelStore.MARKER))).contains("2");
            assertThat(View.of(upgraded)).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a store that read an older checkpoint reads the newer one another writer made, chunks removed under it included")
    void otherWritersCheckpoints() {
        Path dir = temp.resolve("shared");
        try (FileModelStore reader = FileModelStore.open(dir, SMALL);
                FileModelStore writer = FileModelStore.open(dir, SMALL)) {
            pending.remove();
            history(writer, 100);
            assertThat(reader.versions(MODEL)).isEqualTo(writer.versions(MODEL));
            List<AuditEvent> before = new ArrayList<>(reader.audit(MODEL, 0, Integer.MAX_VALUE));

            // the writer checkpoints many times: every chunk file the reader loaded is replaced
            for (int round = 0; round < 5; round++) {
                writer.write(MODEL, tx -> {
                    for (ModelVersion v : tx.versionsInStage(Stage.DRAFT)) {
                        tx.updateVersion(v.withMetadata("round " + v.version(), v.metrics(), v.tags()));
                    }
                    return null;
                });
                history(writer, 10);
            }
            assertThat(reader.versions(MODEL)).isEqualTo(writer.versions(MODEL));
            assertThat(reader.version(MODEL, 5)).isEqualTo(writer.version(MODEL, 5));
            assertThat(reader.audit(MODEL, 0, Integer.MAX_VALUE)).startsWith(before.toArray(AuditEvent[]::new))
                    .isEqualTo(writer.audit(MODEL, 0, Integer.MAX_VALUE));
        }
    }
}
