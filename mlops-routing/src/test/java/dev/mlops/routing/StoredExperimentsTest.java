package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.fleet.ExperimentNotFoundException;
import dev.mlops.fleet.ExperimentState;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.spi.ModelStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiments in a filesystem store: changes from the stored slot table, compare-and-set, routers following. */
class StoredExperimentsTest {

    @TempDir
    Path dir;
    ModelRegistry registry;
    ModelStore store;
    StoredExperiments experiments;
    final AtomicLong millis = new AtomicLong(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli());
    final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());

    @BeforeEach
    void open() {
        registry = ModelRegistries.builder("file:" + dir).actor("fleet-test").open();
        for (String label : new String[] {"yes", "no", "yes"}) {
            registry.register(RegisterRequest.builder("churn", ArtifactSource.of(ConstantClassifier.artifact(label)))
                .format(ConstantClassifier.Format.NAME).build());
        }
        store = ModelStores.open("file:" + dir, Map.of());
        experiments = StoredExperiments.of(store, clock);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        registry.close();
    }

    static Experiment ab() {
        return Experiment.builder("pricing", "pricing-1").variant("control", "churn:1", 1).variant("treatment", "churn:2", 1)
            .build();
    }

    /** Slots whose owner's name differs between two configurations. */
    static int movedByName(Experiment before, Experiment after) {
        Allocation a = before.slots();
        Allocation b = after.slots();
        int moved = 0;
        for (int s = 0; s < dev.mlops.data.UnitHash.SLOTS; s++) {
            if (!before.variants().get(a.ownerOf(s)).name().equals(after.variants().get(b.ownerOf(s)).name())) {
                moved++;
            }
        }
        return moved;
    }

    @Test
    void addingAnArmMovesExactlyItsShareAndReweightingMovesTheTotalVariationDistance() {
        StoredExperiments.Current first = experiments.create(ab(), "ana", "launch");
        StoredExperiments.Current three = experiments.setWeights("pricing", Map.of("bundle", 1.0), Map.of("bundle", "churn:3"),
            Set.of(), "ana", "third arm");
        assertThat(three.stored().revision()).isEqualTo(2);
        assertThat(three.experiment().slots().counts()).containsExactly(3334, 3333, 3333);
        assertThat(movedByName(first.experiment(), three.experiment())).isEqualTo(3333);  // not 50 %: exactly the new share

        // 1/3 each -> 50/30/20: the total variation distance is 1666 + 333 + 1333 ... / 2
        StoredExperiments.Current reweighted = experiments.setWeights("pricing",
            Map.of("control", 50.0, "treatment", 30.0, "bundle", 20.0), Map.of(), Set.of(), "ana", "lean on control");
        int[] before = three.experiment().slots().counts();
        int[] after = reweighted.experiment().slots().counts();
        int tvd = 0;
        for (int i = 0; i < 3; i++) {
            tvd += Math.max(0, before[i] - after[i]);
        }
        assertThat(movedByName(three.experiment(), reweighted.experiment())).isEqualTo(tvd).isEqualTo(1666);

        StoredExperiments.Current removed = experiments.setWeights("pricing", Map.of(), Map.of(), Set.of("bundle"), "ana",
            "bundle is out");
        assertThat(removed.experiment().variants()).extracting(Variant::name).containsExactly("control", "treatment");
        assertThat(movedByName(reweighted.experiment(), removed.experiment())).isEqualTo(2000);
        assertThat(experiments.history("pricing")).extracting(StoredExperiment::change)
            .containsExactly("create", "set-weights", "set-weights", "set-weights");
        assertThat(experiments.history("pricing")).extracting(StoredExperiment::reason)
            .containsExactly("launch", "third arm", "lean on control", "bundle is out");
    }

    @Test
    void badChangesAreRefusedAndWriteNothing() {
        experiments.create(ab(), "ana", "");
        assertThatThrownBy(() -> experiments.create(ab(), "bob", "")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> experiments.setWeights("pricing", Map.of("control", -1.0), Map.of(), Set.of(), "a", ""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> experiments.setWeights("pricing", Map.of("control", Double.NaN), Map.of(), Set.of(), "a", ""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> experiments.setWeights("pricing", Map.of("control", 0.0, "treatment", 0.0), Map.of(),
            Set.of(), "a", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> experiments.setWeights("pricing", Map.of("ghost", 1.0), Map.of(), Set.of(), "a", ""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost");
        assertThatThrownBy(() -> experiments.setWeights("pricing", Map.of(), Map.of(), Set.of("control"), "a", ""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control");
        assertThatThrownBy(() -> experiments.pause("nope", "a", "")).isInstanceOf(ExperimentNotFoundException.class);
        assertThat(experiments.get("pricing").stored().revision()).isEqualTo(1);

        // a change made between another writer's read and write wins; the late one writes nothing
        StoredExperiments other = StoredExperiments.of(ModelStores.open("file:" + dir, Map.of()), clock);
        StoredExperiment read = experiments.get("pricing").stored();
        other.pause("pricing", "bob", "incident");
        assertThatThrownBy(() -> ((dev.mlops.spi.ExperimentStore) store).saveExperiment(
            read.next(ExperimentState.STOPPED, read.definition(), clock.instant(), "ana", "stop", "")))
            .isInstanceOf(ConflictException.class);
        assertThat(experiments.get("pricing").stored().state()).isEqualTo(ExperimentState.PAUSED);
        experiments.stop("pricing", "ana", "done");
        assertThatThrownBy(() -> experiments.resume("pricing", "ana", "")).isInstanceOf(ConflictException.class)
            .hasMessageContaining("stopped");
    }

    @Test
    void routersFollowChangesMadeAnywhereAndPausingKeepsEveryUnitsPlace() throws Exception {
        experiments.create(ab(), "ana", "");
        try (Router<Classifier> a = Router.builder(registry, Classifiers.format(), ab()).build();
             Router<Classifier> b = Router.builder(registry, Classifiers.format(), ab()).build();
             ExperimentFollower fa = ExperimentFollower.start(a, experiments, Duration.ofMillis(50), "pod-a");
             ExperimentFollower fb = ExperimentFollower.start(b, experiments, Duration.ofMillis(50), "pod-b")) {
            String[] before = new String[2000];
            for (int i = 0; i < before.length; i++) {
                before[i] = a.variantOf(Fixtures.unit(i));
            }
            experiments.setWeights("pricing", Map.of("bundle", 1.0), Map.of("bundle", "churn:3"), Set.of(), "ana", "");
            eventually(() -> a.experiment().variants().size() == 3 && b.experiment().variants().size() == 3);
            int moved = 0;
            for (int i = 0; i < before.length; i++) {
                assertThat(a.variantOf(Fixtures.unit(i))).isEqualTo(b.variantOf(Fixtures.unit(i)));
                String now = a.variantOf(Fixtures.unit(i));
                if (!now.equals(before[i])) {
                    assertThat(now).isEqualTo("bundle");
                    moved++;
                }
            }
            assertThat(moved).isBetween(550, 780);  // a third of 2000 units, give or take the hash

            String[] three = new String[2000];
            for (int i = 0; i < three.length; i++) {
                three[i] = a.variantOf(Fixtures.unit(i));
            }
            experiments.pause("pricing", "ops", "incident");
            eventually(() -> fb.revision() == 3);
            for (int i = 0; i < 200; i++) {
                assertThat(b.variantOf(Fixtures.unit(i))).isEqualTo("control");
            }
            experiments.resume("pricing", "ops", "fixed");
            eventually(() -> fa.revision() == 4 && fb.revision() == 4);
            for (int i = 0; i < three.length; i++) {
                assertThat(b.variantOf(Fixtures.unit(i))).isEqualTo(three[i]);
            }
        }
    }

    @Test
    void aGuardrailBreachOnOneInstanceRollsBackTheFleet() throws Exception {
        Experiment canary = Experiment.builder("rollout", "rollout-1").variant("stable", "churn:1", 1)
            .variant("canary", "churn:2", 0).canary(Canary.of("canary", 50).withGuardrails(0.05, 10_000, 40)).build();
        experiments.create(canary, "ana", "");
        try (Router<Classifier> a = Router.builder(registry, Classifiers.format(), canary).build();
             Router<Classifier> b = Router.builder(registry, Classifiers.format(), canary).build();
             ExperimentFollower fa = ExperimentFollower.start(a, experiments, Duration.ofMillis(50), "pod-a");
             ExperimentFollower fb = ExperimentFollower.start(b, experiments, Duration.ofMillis(50), "pod-b")) {
            for (int i = 0; i < 400; i++) {
                try {
                    a.predict(Fixtures.unit(i), m -> {
                        if (m.predict(Map.of()).label().equals("no")) {
                            throw new IllegalStateException("canary fails");
                        }
                        return "ok";
                    });
                } catch (IllegalStateException expected) {
                    // the canary's failures are what the guardrail counts
                }
            }
            assertThat(experiments.get("rollout").stored().state()).isEqualTo(ExperimentState.ROLLED_BACK);
            assertThat(experiments.get("rollout").stored().updatedBy()).isEqualTo("pod-a");
            eventually(() -> b.experiment().canary().orElseThrow().percent() == 0);
            for (int i = 0; i < 300; i++) {
                assertThat(b.variantOf(Fixtures.unit(i))).isEqualTo("stable");
            }
        }
    }

    static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
