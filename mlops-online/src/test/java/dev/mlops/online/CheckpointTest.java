package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a checkpoint is the learner's snapshot written out")
class CheckpointTest {

    private static final String[] NONE = new String[0];
    private static final OnlineSchema SEA = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 3));

    @TempDir
    Path dir;

    private ModelRegistry registry() {
        return ModelRegistries.builder("file:" + dir.resolve("store")).refreshInterval(Duration.ZERO).open();
    }

    private static void feed(Simulation simulation, List<Streams.Row> rows) {
        double[] p = new double[2];
        for (Streams.Row row : rows) {
            simulation.step(row.x(), NONE, row.label(), p);
        }
    }

    /** A learner past a drift and a promotion, with its watch running: every part of the layout is in use. */
    private static OnlineLearner.Builder watching(ModelRegistry registry, ManualClock clock) {
        return OnlineLearner.builder(SEA).registry(registry).name("sea").clock(clock).watch(100_000, 0.01);
    }

    @Test
    @DisplayName("its bytes read back to the same state: written again they are the same bytes, with its time, samples, schema and serving version")
    void roundTrip() {
        ManualClock clock = new ManualClock();
        try (ModelRegistry registry = registry(); Simulation simulation = watching(registry, clock).simulation()) {
            feed(simulation, Streams.sea(21, 0.1, 8_000, 8, 9.5));
            assertThat(simulation.metrics().promotions()).as("a watched promotion").isPositive();
            ModelVersion saved = simulation.checkpoint("round trip");
            byte[] bytes = registry.readArtifact(saved.ref().toString());

            Checkpoint checkpoint = Checkpoint.fromBytes(bytes);
            assertThat(checkpoint.toBytes()).isEqualTo(bytes);
            assertThat(checkpoint.createdAt()).isEqualTo(clock.instant());
            assertThat(checkpoint.samples()).isEqualTo(16_000);
            assertThat(checkpoint.schema()).isEqualTo(SEA);
            assertThat(checkpoint.servingVersion()).isPresent().isEqualTo(simulation.servingVersion());
            assertThat(checkpoint.toString()).contains("16000 samples");
            Checkpoint loaded = registry.load(saved.ref().toString(), CheckpointFormat.of());
            assertThat(loaded.toBytes()).isEqualTo(bytes);
            assertThat(CheckpointFormat.of().read(bytes).toBytes()).isEqualTo(bytes);
            assertThat(CheckpointFormat.of().name()).isEqualTo("mlops-online-checkpoint").isEqualTo(saved.format());
            assertThat(simulation.events()).last().satisfies(event -> {
                assertThat(event.type()).isEqualTo(OnlineEvent.Type.CHECKPOINT_SAVED);
                assertThat(event.version()).contains(saved.ref());
                assertThat(event.time()).isEqualTo(clock.instant());
            });
        }
    }

    @Test
    @DisplayName("one checkpoint restores into two learners that continue identically: restoring copies what learning changes")
    void restoresTwice() {
        ManualClock clock = new ManualClock();
        List<Streams.Row> rows = Streams.sea(22, 0.1, 3_000, 8, 9.5);
        try (ModelRegistry registry = registry()) {
            ModelVersion saved;
            try (Simulation simulation = watching(registry, clock).strategy(Strategy.MINI_BATCH).batchSize(7)
                    .simulation()) {
                feed(simulation, rows.subList(0, 3_001));
                saved = simulation.checkpoint("twice");
            }
            try (Simulation first = watching(registry, clock).strategy(Strategy.MINI_BATCH).batchSize(7)
                    .restoreFrom(saved.ref()).simulation();
                 Simulation second = watching(registry, clock).strategy(Strategy.MINI_BATCH).batchSize(7)
                         .restoreFrom(saved.ref()).simulation()) {
                double[] p = new double[2];
                double[] q = new double[2];
                // the first learns on before the second starts: shared numbers would show in the second's predictions
                List<double[]> firstPredictions = new ArrayList<>();
                for (Streams.Row row : rows.subList(3_001, 6_000)) {
                    first.step(row.x(), NONE, row.label(), p);
                    firstPredictions.add(p.clone());
                }
                for (int i = 3_001; i < 6_000; i++) {
                    second.step(rows.get(i).x(), NONE, rows.get(i).label(), q);
                    assertThat(q).as("row %d", i).containsExactly(firstPredictions.get(i - 3_001));
                }
                assertThat(second.metrics().accuracy()).isEqualTo(first.metrics().accuracy());
            }
        }
    }

    @Test
    @DisplayName("other format versions, foreign, truncated and padded bytes are refused, naming the problem")
    void refusals() {
        try (ModelRegistry registry = registry(); Simulation simulation = watching(registry, new ManualClock())
                .simulation()) {
            feed(simulation, Streams.sea(23, 0.1, 500, 8));
            byte[] bytes = registry.readArtifact(simulation.checkpoint("refusals").ref().toString());
            byte[] first = bytes.clone();
            first[9] = 1;
            assertThatThrownBy(() -> Checkpoint.fromBytes(first)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a valid mlops-online-checkpoint: format version 1 is not supported"
                            + " (this library reads version 2)");
            byte[] future = bytes.clone();
            future[9] = 3;
            assertThatThrownBy(() -> Checkpoint.fromBytes(future)).hasMessageContaining("format version 3");
            byte[] model = IncrementalModel.create(SEA, Optimizer.ftrl()).snapshot().toBytes();
            assertThatThrownBy(() -> Checkpoint.fromBytes(model)).hasMessageContaining("magic bytes 'MLOPSOLC'");
            assertThatThrownBy(() -> Checkpoint.fromBytes(Arrays.copyOf(bytes, bytes.length - 5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a valid mlops-online-checkpoint");
            assertThatThrownBy(() -> Checkpoint.fromBytes(Arrays.copyOf(bytes, bytes.length + 2)))
                    .hasMessageContaining("2 unexpected bytes at the end");
        }
    }
}
