package dev.mlops.registry.fs;

import static dev.mlops.registry.fs.Fixtures.SHA;
import static dev.mlops.registry.fs.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spi.StoredArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads on two store instances over one directory, as two processes would be. */
class ConcurrentWritesTest {

    static final int WRITERS = 8;
    static final int WRITES_EACH = 25;
    static final String MODEL = "churn";

    @TempDir
    Path dir;

    @Test
    @DisplayName("concurrent registrations never lose, duplicate or skip a version,"
            + " and readers never see half a transaction")
    void denseVersions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        try (FileModelStore first = FileModelStore.open(dir);
                FileModelStore second = FileModelStore.open(dir)) {
            StoredArtifact artifact = new StoredArtifact(SHA, 1);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<List<Integer>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                FileModelStore store = w % 2 == 0 ? first : second;
                String actor = "writer-" + w;
                writers.add(pool.submit(() -> {
                    start.await();
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < WRITES_EACH; i++) {
                        mine.add(store.write(MODEL, tx -> {
                            int version = Fixtures.register(tx, artifact, T0, actor);
                            tx.setAlias("newest", version);
                            return version;
                        }));
                    }
                    return mine;
                }));
            }
            List<Future<Integer>> readers = new ArrayList<>();
            for (FileModelStore store : List.of(first, second)) {
                readers.add(pool.submit(readUntilDone(store, writing, start)));
            }

            start.countDown();
            List<Integer> committed = new ArrayList<>();
            for (Future<List<Integer>> writer : writers) {
                committed.addAll(writer.get(60, TimeUnit.SECONDS));
            }
            writing.set(false);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
            }

            int total = WRITERS * WRITES_EACH;
            List<Integer> expected = IntStream.rangeClosed(1, total).boxed().toList();
            assertThat(committed).containsExactlyInAnyOrderElementsOf(expected);
            for (FileModelStore store : List.of(first, second, FileModelStore.open(dir))) {
                assertThat(store.versions(MODEL)).extracting(ModelVersion::version)
                        .containsExactlyElementsOf(expected);
                List<AuditEvent> audit = store.audit(MODEL, 0, Integer.MAX_VALUE);
                assertThat(audit).extracting(AuditEvent::version).containsExactlyElementsOf(expected);
                String previous = AuditEvent.GENESIS;
                for (AuditEvent event : audit) {
                    assertThat(event.previousHash()).isEqualTo(previous);
                    assertThat(event.computeHash()).isEqualTo(event.hash());
                    previous = event.hash();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Reads while the writers run; each transaction inserts a version and points "newest" at it,
     * so a snapshot whose newest version lacks the alias would be half a transaction.
     *
     * @return how many snapshots were checked
     */
    private static Callable<Integer> readUntilDone(FileModelStore store, AtomicBoolean writing,
            CountDownLatch start) {
        return () -> {
            start.await();
            int reads = 0;
            int seen = 0;
            while (writing.get() || reads == 0) {
                List<ModelVersion> versions = store.versions(MODEL);
                assertThat(versions.size()).isGreaterThanOrEqualTo(seen);
                seen = versions.size();
                for (int i = 0; i < versions.size(); i++) {
                    assertThat(versions.get(i).version()).isEqualTo(i + 1);
                }
                if (!versions.isEmpty()) {
                    assertThat(versions.get(versions.size() - 1).aliases()).containsExactly("newest");
                }
                reads++;
            }
            return reads;
        };
    }
}
