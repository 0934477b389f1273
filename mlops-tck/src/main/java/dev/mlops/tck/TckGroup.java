package dev.mlops.tck;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.spi.StoredArtifact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every group of the kit stands on. A group is an interface of {@code default} test methods
 * in a file of its own; {@link ModelStoreTck} runs it as a nested class that hands it the running
 * test's {@link #fixture()}. The steps the groups share are here.
 */
interface TckGroup {

    /** Threads used by the concurrency tests. */
    int THREADS = 8;

    /** The time every store's clock starts at. */
    Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The running test's store, clock and registries. */
    StoreFixture fixture();

    /** The registry the test works through, opened on a fresh store. */
    default ModelRegistry registry() {
        return fixture().registry();
    }

    /** The clock of every registry the test opens. */
    default TestClock clock() {
        return fixture().clock();
    }

    /** Opens another registry on the same store, as another service instance would. */
    default ModelRegistry open(Consumer<ModelRegistries.Builder> customize) {
        return fixture().open(customize);
    }

    /** Registers {@code bytes} as a new version of {@code name}. */
    default ModelVersion register(String name, byte[] bytes) {
        return registry().register(RegisterRequest.builder(name, ArtifactSource.of(bytes)).build());
    }

    /** Registers 64 random bytes as a new version of {@code name}. */
    default ModelVersion register(String name) {
        return register(name, TckModels.bytes(64, name.hashCode() ^ System.nanoTime()));
    }

    /** Moves a DRAFT version along the lifecycle to {@code target}. */
    default ModelVersion moveTo(ModelRegistry r, ModelVersion v, Stage target) {
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

    /** The lower-case hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        return StoredArtifact.hex(StoredArtifact.newSha256().digest(bytes));
    }

    /** Runs {@code task} on {@link #THREADS} threads released at once; returns their results. */
    static <T> List<T> concurrently(int tasks, Callable<T> task) throws Exception {
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
    static void eventually(Supplier<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
