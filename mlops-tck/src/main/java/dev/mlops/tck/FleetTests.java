package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.fleet.ExperimentNotFoundException;
import dev.mlops.fleet.ExperimentState;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.ConflictException;
import dev.mlops.spi.ExperimentStore;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Experiments and telemetry buckets shared by a fleet: revisions by compare-and-set, buckets
 * replaced and never added, from many threads, store instances and processes.
 */
interface FleetTests extends TckGroup {

    /** The store as an experiment store, skipping the test when it is not one. */
    private static ExperimentStore experiments(ModelStore store) {
        assumeTrue(store instanceof ExperimentStore, () -> store.getClass().getSimpleName() + " is no ExperimentStore");
        return (ExperimentStore) store;
    }

    private static TelemetryStore telemetry(ModelStore store) {
        assumeTrue(store instanceof TelemetryStore, () -> store.getClass().getSimpleName() + " is no TelemetryStore");
        return (TelemetryStore) store;
    }

    private static StoredExperiment first(String id) {
        return new StoredExperiment(id, 1, ExperimentState.RUNNING, "{\"id\":\"" + id + "\",\"ü\":\"€\"}", START, "tck",
                "create", "");
    }

    @Test
    default void anExperimentIsCreatedOnceAndChangedRevisionByRevision() throws Exception {
        try (ModelStore store = fixture().openStore()) {
            ExperimentStore es = experiments(store);
            assertThat(es.experiment("checkout")).isEmpty();
            assertThat(es.experimentHistory("checkout")).isEmpty();
            StoredExperiment one = first("checkout");
            es.saveExperiment(one);
            assertThatThrownBy(() -> es.saveExperiment(first("checkout"))).isInstanceOf(ConflictException.class);
            StoredExperiment two = one.next(ExperimentState.PAUSED, "{\"v\":2}", START.plusSeconds(5), "ops", "pause",
                    "incident 42");
            es.saveExperiment(two);
            assertThatThrownBy(() -> es.saveExperiment(one.next(ExperimentState.STOPPED, "{}", START, "late", "stop", "")))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("revision 2");
            assertThatThrownBy(() -> es.saveExperiment(two.next(ExperimentState.RUNNING, "{}", START, "x", "resume", "")
                    .next(ExperimentState.RUNNING, "{}", START, "x", "resume", "")))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> es.saveExperiment(first("ghost").next(ExperimentState.PAUSED, "{}", START, "x", "pause", "")))
                    .isInstanceOf(ExperimentNotFoundException.class);
            es.saveExperiment(first("basket"));
            assertThat(es.experiment("checkout")).contains(two);
            assertThat(es.experimentHistory("checkout")).containsExactly(one, two);
            assertThat(es.experiments()).extracting(StoredExperiment::id).containsExactly("basket", "checkout");
            try (ModelStore other = fixture().openStore()) {
                assertThat(experiments(other).experiment("checkout")).contains(two);
            }
        }
    }

    @Test
    default void concurrentWritersOfOneRevisionHaveOneWinner() throws Exception {
        try (ModelStore a = fixture().openStore(); ModelStore b = fixture().openStore()) {
            experiments(a).saveExperiment(first("race"));
            AtomicInteger attempts = new AtomicInteger();
            List<Integer> wins = TckGroup.concurrently(THREADS * 4, () -> {
                ExperimentStore es = experiments(attempts.incrementAndGet() % 2 == 0 ? a : b);
                int won = 0;
                for (int round = 0; round < 5; round++) {
                    StoredExperiment current = es.experiment("race").orElseThrow();
                    try {
                        es.saveExperiment(current.next(ExperimentState.RUNNING, "{\"by\":\"" + Thread.currentThread().getName()
                                + "\"}", START, "tck", "set-weights", ""));
                        won++;
                    } catch (ConflictException e) {
                        // another writer read the same revision and won
                    }
                }
                return won;
            });
            int total = wins.stream().mapToInt(Integer::intValue).sum();
            List<StoredExperiment> history = experiments(b).experimentHistory("race");
            assertThat(history).hasSize(total + 1);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).revision()).isEqualTo(i + 1);
            }
            assertThat(total).isPositive();
        }
    }

    @Test
    default void aFlushReplacesItsBucketAndNeverAdds() throws Exception {
        try (ModelStore store = fixture().openStore()) {
            TelemetryStore ts = telemetry(store);
            ts.putBucket(new TelemetryBucket(TelemetryBucket.EXPERIMENT, "checkout", "pod-1", 60_000, START, "{\"n\":1}"));
            ts.putBucket(new TelemetryBucket(TelemetryBucket.EXPERIMENT, "checkout", "pod-1", 60_000, START, "{\"n\":2}"));
            ts.putBucket(new TelemetryBucket(TelemetryBucket.EXPERIMENT, "checkout", "pod-2", 0, START, "{\"n\":3}"));
            ts.putBucket(new TelemetryBucket(TelemetryBucket.MONITOR, "checkout", "pod-1", 0, START, "{\"n\":4}"));
            String big = "{\"x\":\"" + "é".repeat(300_000) + "\"}";
            ts.putBucket(new TelemetryBucket(TelemetryBucket.EXPERIMENT, "checkout", "pod-1", 120_000, START, big));
            List<TelemetryBucket> buckets = ts.buckets(TelemetryBucket.EXPERIMENT, "checkout");
            assertThat(buckets).extracting(TelemetryBucket::instance, TelemetryBucket::window, TelemetryBucket::payload)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("pod-2", 0L, "{\"n\":3}"),
                            org.assertj.core.groups.Tuple.tuple("pod-1", 60_000L, "{\"n\":2}"),
                            org.assertj.core.groups.Tuple.tuple("pod-1", 120_000L, big));
            assertThat(ts.buckets(TelemetryBucket.MONITOR, "checkout")).hasSize(1);
            assertThat(ts.buckets(TelemetryBucket.EXPERIMENT, "other")).isEmpty();
        }
    }

    @Test
    default void flushesFromManyThreadsLeaveOneBucketPerKey() throws Exception {
        try (ModelStore a = fixture().openStore(); ModelStore b = fixture().openStore()) {
            int instances = 4;
            int windows = 6;
            TckGroup.concurrently(THREADS * 2, () -> {
                for (int repeat = 0; repeat < 3; repeat++) {
                    for (int i = 0; i < instances; i++) {
                        for (long w = 0; w < windows; w++) {
                            String instance = "pod-" + i;
                            telemetry(repeat % 2 == 0 ? a : b).putBucket(new TelemetryBucket(TelemetryBucket.EXPERIMENT,
                                    "fleet", instance, w, START, FleetWorker.payload(instance, w)));
                        }
                    }
                }
                return null;
            });
            List<TelemetryBucket> buckets = telemetry(a).buckets(TelemetryBucket.EXPERIMENT, "fleet");
            assertThat(buckets).hasSize(instances * windows);
            Set<String> keys = new HashSet<>();
            for (TelemetryBucket bucket : buckets) {
                assertThat(keys.add(bucket.instance() + "/" + bucket.window())).isTrue();
                assertThat(bucket.payload()).isEqualTo(FleetWorker.payload(bucket.instance(), bucket.window()));
            }
        }
    }

    @Test
    default void flushesFromManyProcessesLeaveOneBucketPerKey() throws Exception {
        fixture().require(StoreCapability.SHARED_BETWEEN_PROCESSES);
        int windows = 5;
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            for (String instance : new String[] {"pod-" + p, "pod-" + p}) {  // two processes flush the same instance
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", FleetWorker.class.getName(),
                        fixture().uri(), instance, String.valueOf(windows), "3"));
                fixture().options().forEach((k, v) -> command.add(k + "=" + v));
                processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
        }
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }
        try (ModelStore store = fixture().openStore()) {
            List<TelemetryBucket> buckets = telemetry(store).buckets(TelemetryBucket.EXPERIMENT, "fleet");
            assertThat(buckets).hasSize(4 * windows);
            for (TelemetryBucket bucket : buckets) {
                assertThat(bucket.payload()).isEqualTo(FleetWorker.payload(bucket.instance(), bucket.window()));
            }
        }
    }
}
