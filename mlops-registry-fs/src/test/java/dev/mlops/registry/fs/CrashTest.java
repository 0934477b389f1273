package dev.mlops.registry.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.spi.StoredArtifact;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child JVMs ({@link CrashWorker}) write one store at the same time and are killed with SIGKILL at
 * random moments; the store must then hold exactly the versions committed, whole.
 */
@Tag("crash")
class CrashTest {

    static final int WORKERS = 4;
    static final int ROUNDS = 4;
    static final String MODEL = "crash/Model";

    @TempDir
    Path temp;

    final Set<Integer> printed = ConcurrentHashMap.newKeySet();
    final AtomicInteger commitsThisRound = new AtomicInteger();

    @Test
    @DisplayName("writers killed at any instant leave no torn record and lose no committed version")
    void killedWriters() throws Exception {
        killAndCheck(List.of());
    }

    @Test
    @DisplayName("writers killed while they write checkpoints and remove what those fold leave every version readable")
    void killedWhileCheckpointing() throws Exception {
        // a checkpoint every third transaction, with chunks of a few versions and entries, so that
        // kills land inside checkpoint writes and the removal of log and chunk files
        killAndCheck(List.of("checkpointEvery=3", "versionsPerChunk=4", "auditPerChunk=5"));
        Path model = temp.resolve("store").resolve("models").resolve(ModelDirNames.encode(MODEL));
        assertThat(model.resolve(FileModelStore.CHECKPOINT)).isRegularFile();
        try (var files = java.nio.file.Files.list(model.resolve(FileModelStore.SEGMENTS))) {
            assertThat(files.count()).isGreaterThan(2);
        }
    }

    /** Runs the rounds of killed writers, which open the store with {@code options} ({@code name=value}). */
    private void killAndCheck(List<String> options) throws Exception {
        Path dir = temp.resolve("store");
        String uri = "file:" + dir;
        Random random = new Random();
        for (int round = 0; round < ROUNDS; round++) {
            commitsThisRound.set(0);
            List<Worker> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(start(uri, options, temp.resolve("worker-" + round + "-" + w + ".err")));
            }
            // wait for real progress, so that kills land inside artifact writes and commits
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (commitsThisRound.get() < WORKERS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Collections.shuffle(workers, random);
            for (Worker worker : workers) {
                Thread.sleep(random.nextInt(300));
                assertThat(worker.process.isAlive())
                        .withFailMessage(() -> "a worker stopped before it was killed:\n" + worker.errors())
                        .isTrue();
                worker.process.destroyForcibly();
            }
            for (Worker worker : workers) {
                assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                worker.output.join(10_000);
            }
            assertThat(commitsThisRound.get()).as("commits in round %d", round).isPositive();
        }

        try (FileModelStore store = FileModelStore.open(dir)) {
            List<ModelVersion> versions = store.versions(MODEL);
            int n = versions.size();
            assertThat(versions).extracting(ModelVersion::version)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
            assertThat(versions.stream().map(ModelVersion::version).toList()).containsAll(printed);
            for (ModelVersion v : versions) {
                assertThat(digest(store, v)).as("artifact of version %d", v.version())
                        .isEqualTo(new StoredArtifact(v.sha256(), v.sizeBytes()));
            }

            List<AuditEvent> audit = store.audit(MODEL, 0, Integer.MAX_VALUE);
            String previous = AuditEvent.GENESIS;
            for (int i = 0; i < audit.size(); i++) {
                AuditEvent event = audit.get(i);
                assertThat(event.seq()).isEqualTo(i + 1);
                assertThat(event.previousHash()).isEqualTo(previous);
                assertThat(event.computeHash()).isEqualTo(event.hash());
                previous = event.hash();
            }
            Map<Integer, String> registered = audit.stream()
                    .filter(e -> e.action() == AuditAction.REGISTER)
                    .collect(Collectors.toMap(AuditEvent::version, AuditEvent::detail));
            assertThat(registered).isEqualTo(versions.stream()
                    .collect(Collectors.toMap(ModelVersion::version, ModelVersion::sha256)));

            // promotions are all or nothing: the stages agree with the last audit entry of each version
            Map<Integer, AuditEvent> lastEventOf = audit.stream().collect(
                    Collectors.toMap(AuditEvent::version, Function.identity(), (a, b) -> b));
            for (ModelVersion v : versions) {
                assertThat(lastEventOf.get(v.version()).to()).as("version %d", v.version())
                        .isEqualTo(v.stage().id());
            }
            assertThat(store.versionsInStage(MODEL, Stage.PRODUCTION)).hasSizeLessThanOrEqualTo(1);
        }
    }

    private static StoredArtifact digest(FileModelStore store, ModelVersion v) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = store.openArtifact(v.sha256())) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, n);
                size += n;
            }
        }
        return new StoredArtifact(StoredArtifact.hex(sha256.digest()), size);
    }

    private Worker start(String uri, List<String> options, Path errors) throws IOException {
        List<String> args = new ArrayList<>(List.of(uri, MODEL));
        args.addAll(options);
        Process process = ChildJvm.start(CrashWorker.class, "64m", errors, args.toArray(String[]::new));
        Thread output = new Thread(() -> readCommits(process.getInputStream()), "crash-worker-output");
        output.setDaemon(true);
        output.start();
        return new Worker(process, output, errors);
    }

    private void readCommits(InputStream stdout) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("committed ")) {
                    printed.add(Integer.parseInt(line.substring("committed ".length())));
                    commitsThisRound.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // the pipe breaks when the worker is killed
        }
    }

    private record Worker(Process process, Thread output, Path errorFile) {
        String errors() {
            return ChildJvm.errors(errorFile);
        }
    }
}
