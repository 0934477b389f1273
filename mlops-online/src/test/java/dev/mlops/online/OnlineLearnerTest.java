package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.drift.DriftAlert;
import dev.mlops.drift.DriftMonitor;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.drift.Severity;
import dev.mlops.drift.TestMethod;
import dev.mlops.model.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnlineLearnerTest {

    private static final String[] NONE = new String[0];
    private static final OnlineSchema SEA = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 3));

    @TempDir
    Path dir;

    private static Map<String, Object> row(Streams.Row row) {
        return Map.of("x1", row.x()[0], "x2", row.x()[1], "x3", row.x()[2]);
    }

    @Nested
    @DisplayName("threads")
    class Threads {

        @Test
        @DisplayName("8 threads predict through 10,000 snapshot swaps: no failure, no null, every held snapshot unchanged")
        void hotSwap() throws Exception {
            List<Streams.Row> rows = Streams.sea(70, 0.1, 100_000, 8);
            try (OnlineLearner learner = OnlineLearner.builder(SEA).strategy(Strategy.INCREMENTAL).publishEvery(10).build()) {
                AtomicLong failures = new AtomicLong();
                AtomicLong predictions = new AtomicLong();
                AtomicLong changedUnderneath = new AtomicLong();
                CountDownLatch done = new CountDownLatch(1);
                List<Thread> readers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    double[] probe = rows.get(t).x();
                    Thread reader = new Thread(() -> {
                        double[] p = new double[2];
                        double[] q = new double[2];
                        while (done.getCount() > 0) {
                            try {
                                int label = learner.predict(probe, NONE, p);
                                if (label < 0 || label > 1 || !Double.isFinite(p[0]) || Math.abs(p[0] + p[1] - 1) > 1e-12) {
                                    failures.incrementAndGet();
                                }
                                OnlineModel held = learner.model().orElseThrow();
                                held.predict(probe, NONE, p);
                                Thread.onSpinWait();
                                held.predict(probe, NONE, q);
                                if (p[1] != q[1]) {
                                    changedUnderneath.incrementAndGet();
                                }
                                Prediction full = learner.predict(row(rows.get(0)));
                                if (full == null || full.label() == null) {
                                    failures.incrementAndGet();
                                }
                                predictions.addAndGet(2);
                            } catch (RuntimeException e) {
                                failures.incrementAndGet();
                            }
                        }
                    });
                    reader.start();
                    readers.add(reader);
                }
                for (Streams.Row r : rows) {
                    learner.learn(r.x(), NONE, r.label());
                }
                learner.flush();
                done.countDown();
                for (Thread reader : readers) {
                    reader.join();
                }
                LearnerMetrics metrics = learner.metrics();
                assertThat(metrics.samples()).isEqualTo(100_000);
                assertThat(metrics.publications()).isGreaterThanOrEqualTo(10_000);
                assertThat(failures.get()).isZero();
                assertThat(changedUnderneath.get()).isZero();
                assertThat(predictions.get()).isPositive();
                assertThat(metrics.predictions()).isGreaterThanOrEqualTo(predictions.get());
                assertThat(metrics.accuracy()).isBetween(0.86, 0.91);
                assertThat(metrics.windowKappa()).isBetween(0.6, 0.9);
                assertThat(metrics.kappa()).isBetween(0.6, 0.9);
                assertThat(metrics.window()).isEqualTo(1_000);
                assertThat(metrics.samplesPerSecond()).isPositive();
                assertThat(metrics.queued()).isZero();
            }
        }

        @Test
        @DisplayName("a full queue refuses an example after the offer timeout, and says so")
        void backPressure() throws Exception {
            CountDownLatch inListener = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            try (OnlineLearner learner = OnlineLearner.builder(SEA).queueCapacity(1).offerTimeout(Duration.ofMillis(20))
                    .build()) {
                learner.addListener(event -> {
                    if (event.type() == OnlineEvent.Type.RETRAIN_SKIPPED) {
                        inListener.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                var decision = learner.retrain("while empty");
                assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
                learner.learn(new double[] {1, 2, 3}, NONE, 1);
                assertThatThrownBy(() -> learner.learn(new double[] {1, 2, 3}, NONE, 1))
                        .isInstanceOf(QueueFullException.class).hasMessageContaining("stayed full");
                release.countDown();
                assertThat(decision.get(10, TimeUnit.SECONDS).type()).isEqualTo(OnlineEvent.Type.RETRAIN_SKIPPED);
                assertThat(decision.get().reason()).contains("fewer than the 500 needed");
                learner.flush();
                assertThat(learner.metrics().queueRejections()).isEqualTo(1);
                assertThat(learner.metrics().samples()).isEqualTo(1);
            }
        }

        @Test
        @DisplayName("a failing listener is counted and the learner carries on")
        void failingListener() {
            try (OnlineLearner learner = OnlineLearner.builder(SEA).window(100).build()) {
                learner.addListener(new OnlineListener() {
                    @Override
                    public void onEvent(OnlineEvent event) {
                    }

                    @Override
                    public void onMetrics(LearnerMetrics metrics) {
                        throw new IllegalStateException("dashboard down");
                    }
                });
                for (Streams.Row r : Streams.sea(71, 0.1, 1_000, 8)) {
                    learner.learn(r.x(), NONE, r.label());
                }
                learner.flush();
                assertThat(learner.metrics().failures()).isEqualTo(10);
                assertThat(learner.metrics().samples()).isEqualTo(1_000);
            }
        }
    }

    @Nested
    @DisplayName("listeners and alerts")
    class Listeners {

        @Test
        @DisplayName("a listener added to the learner hears its decisions until it is removed")
        void addedAndRemoved() throws Exception {
            try (OnlineLearner learner = OnlineLearner.builder(SEA).build()) {
                List<OnlineEvent> heard = new CopyOnWriteArrayList<>();
                OnlineListener listener = heard::add;
                learner.addListener(listener);
                OnlineEvent first = learner.retrain("heard").get(10, TimeUnit.SECONDS);
                assertThat(heard).containsExactly(first);
                learner.removeListener(listener);
                learner.removeListener(event -> { });
                learner.retrain("unheard").get(10, TimeUnit.SECONDS);
                assertThat(heard).containsExactly(first);
                assertThat(learner.events()).hasSize(2);
                assertThat(learner.servingVersion()).isEmpty();
                assertThat(learner.generation()).isZero();
                assertThat(learner.schema()).isEqualTo(SEA);
            }
        }

        @Test
        @DisplayName("a data-drift alert handed over directly starts a retraining that names the feature")
        void driftAlert() {
            try (OnlineLearner learner = OnlineLearner.builder(SEA).build()) {
                learner.onDriftAlert(new DriftAlert(Instant.parse("2026-01-01T00:00:00Z"), "x1", Severity.HIGH,
                        TestMethod.KS, 0.4, OptionalDouble.of(1e-9), "KS D = 0.4"));
                learner.flush();
                OnlineEvent decision = learner.events().get(learner.events().size() - 1);
                assertThat(decision.type()).isEqualTo(OnlineEvent.Type.RETRAIN_SKIPPED);
                assertThat(decision.details()).containsEntry("trigger", "data-drift");
                assertThat(decision.reason()).startsWith("data drift in 'x1': KS D = 0.4; but only 0 buffered examples");
            }
        }
    }

    @Nested
    @DisplayName("delayed labels")
    class DelayedLabels {

        @Test
        @DisplayName("a label joins its earlier prediction and is scored against what was served")
        void joined() {
            try (OnlineLearner learner = OnlineLearner.builder(SEA).strategy(Strategy.INCREMENTAL).build()) {
                List<Streams.Row> rows = Streams.sea(72, 0.1, 3_000, 8);
                List<String> served = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    served.add(learner.predict("req-" + i, row(rows.get(i))).label());
                }
                int right = 0;
                for (int i = 0; i < rows.size(); i++) {
                    String label = Integer.toString(rows.get(i).label());
                    assertThat(learner.label("req-" + i, label)).isTrue();
                    right += served.get(i).equals(label) ? 1 : 0;
                }
                learner.flush();
                LearnerMetrics metrics = learner.metrics();
                assertThat(metrics.samples()).isEqualTo(3_000);
                // every prediction was served by the untrained model, so the score is that model's
                assertThat(metrics.accuracy()).isCloseTo(right / 3_000.0, within(1e-12));
                assertThat(learner.label("req-0", "1")).as("already labelled").isFalse();
                assertThat(learner.metrics().unmatchedLabels()).isEqualTo(1);
                assertThat(learner.predict(row(rows.get(0))).probability("1")).isNotEqualTo(0.5);
            }
        }

        @Test
        @DisplayName("pending predictions expire, and the oldest go first beyond the limit")
        void bounded() {
            ManualClock clock = new ManualClock();
            try (OnlineLearner learner = OnlineLearner.builder(SEA).clock(clock).pending(2, Duration.ofMinutes(5)).build()) {
                Map<String, Object> row = row(Streams.sea(73, 0, 1, 8).get(0));
                learner.predict("a", row);
                learner.predict("b", row);
                learner.predict("c", row);
                assertThat(learner.label("a", "1")).as("evicted beyond the limit").isFalse();
                clock.advance(Duration.ofMinutes(6));
                assertThat(learner.label("b", "1")).as("expired").isFalse();
                learner.predict("d", row);
                assertThat(learner.label("d", "0")).isTrue();
                learner.flush();
                LearnerMetrics metrics = learner.metrics();
                assertThat(metrics.expiredLabels()).isEqualTo(3);
                assertThat(metrics.unmatchedLabels()).isEqualTo(2);
                assertThat(metrics.samples()).isEqualTo(1);
                assertThatThrownBy(() -> learner.label("x", "maybe")).hasMessageContaining("'maybe' is not one of");
                assertThat(learner.metrics().rejectedInputs()).isEqualTo(1);
            }
        }
    }

    @Nested
    @DisplayName("triggers")
    class Triggers {

        private List<String> triggersFired(OnlineLearner learner) {
            return learner.events().stream().filter(e -> e.type() == OnlineEvent.Type.RETRAIN_STARTED)
                    .map(e -> e.details().get("trigger")).toList();
        }

        @Test
        @DisplayName("a DriftMonitor's data-drift alert starts a retraining")
        void dataDriftAlert() {
            List<Streams.Row> rows = Streams.sea(74, 0.1, 2_000, 8);
            double[][] columns = new double[3][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < 3; j++) {
                    columns[j][i] = rows.get(i).x()[j];
                }
            }
            DataTable reference = DataTable.builder().numeric("x1", columns[0]).numeric("x2", columns[1])
                    .numeric("x3", columns[2]).build();
            try (OnlineLearner learner = OnlineLearner.builder(SEA).build();
                 DriftMonitor monitor = DriftMonitor.builder(ReferenceProfile.fit(reference)).windowSize(500)
                         .checkInterval(Duration.ZERO).build()) {
                monitor.addListener(learner.driftAlertListener());
                for (Streams.Row r : rows) {
                    learner.learn(r.x(), NONE, r.label());
                }
                for (Streams.Row r : Streams.sea(75, 0.1, 600, 8)) {
                    monitor.record(new double[] {r.x()[0] + 4, r.x()[1], r.x()[2]});
                }
                assertThat(monitor.check().drifted()).isTrue();
                learner.flush();
                assertThat(triggersFired(learner)).contains("data-drift");
            }
        }

        @Test
        @DisplayName("new-data, schedule and freshness triggers fire by count and by the clock")
        void countAndTime() {
            ManualClock clock = new ManualClock();
            try (OnlineLearner learner = OnlineLearner.builder(SEA).clock(clock).strategy(Strategy.PERIODIC)
                    .challenger(Challenger.incremental(2)).watch(0, 0)
                    .triggers(Trigger.newData(700), Trigger.freshness(Duration.ofDays(2)), Trigger.schedule(Duration.ofHours(1)))
                    .build()) {
                for (Streams.Row r : Streams.sea(76, 0.1, 800, 8)) {
                    learner.learn(r.x(), NONE, r.label());
                }
                learner.flush();
                assertThat(triggersFired(learner)).containsExactly("new-data");
                clock.advance(Duration.ofMinutes(61));
                learner.learn(new double[] {1, 1, 1}, NONE, 1);
                learner.flush();
                assertThat(triggersFired(learner)).containsExactly("new-data", "schedule");
                clock.advance(Duration.ofDays(3));
                learner.learn(new double[] {1, 1, 1}, NONE, 1);
                learner.flush();
                // the periodic model does not learn online, so three days without a retraining make it stale
                assertThat(triggersFired(learner)).containsExactly("new-data", "schedule", "freshness");
            }
        }
    }

    @Test
    @DisplayName("a threaded learner restored from its checkpoint predicts exactly as the original after the same examples")
    void threadedCheckpoint() {
        try (ModelRegistry registry = ModelRegistries.builder("file:" + dir.resolve("store"))
                .refreshInterval(Duration.ZERO).open()) {
            List<Streams.Row> rows = Streams.sea(77, 0.1, 3_000, 8, 9.5);
            OnlineLearner.Builder builder = OnlineLearner.builder(SEA).registry(registry).name("live");
            List<double[]> original = new ArrayList<>();
            ModelVersion checkpoint;
            try (OnlineLearner learner = builder.build()) {
                rows.subList(0, 3_000).forEach(r -> learner.learn(r.x(), NONE, r.label()));
                learner.predict("pending", row(rows.get(0)));
                checkpoint = learner.checkpoint("before the change");
                rows.subList(3_000, 6_000).forEach(r -> learner.learn(r.x(), NONE, r.label()));
                assertThat(learner.label("pending", "1")).isTrue();
                learner.flush();
                for (Streams.Row r : rows.subList(0, 50)) {
                    double[] p = new double[2];
                    learner.predict(r.x(), NONE, p);
                    original.add(p);
                }
            }
            try (OnlineLearner restored = builder.restoreFrom(checkpoint.ref()).build()) {
                rows.subList(3_000, 6_000).forEach(r -> restored.learn(r.x(), NONE, r.label()));
                assertThat(restored.label("pending", "1")).as("pending predictions are part of the state").isTrue();
                restored.flush();
                for (int i = 0; i < 50; i++) {
                    double[] p = new double[2];
                    restored.predict(rows.get(i).x(), NONE, p);
                    assertThat(p).containsExactly(original.get(i));
                }
                assertThat(restored.events().get(0).type()).isEqualTo(OnlineEvent.Type.RESTORED);
            }
        }
    }
}
