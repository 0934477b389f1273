package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.UnitHash;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router over a real filesystem registry serving registered (constant) classifiers. */
class RouterTest {

    static final Function<Classifier, String> PREDICT = m -> m.predict(Map.of()).label();

    @TempDir
    Path dir;
    ModelRegistry registry;

    @BeforeEach
    void openRegistry() {
        registry = ModelRegistries.builder("file:" + dir).actor("router-test").open();
        register("yes");  // churn:1
        register("no");   // churn:2
        register("yes");  // churn:3
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private void register(String label) {
        registry.register(RegisterRequest.builder("churn", ArtifactSource.of(ConstantClassifier.artifact(label)))
            .format(ConstantClassifier.Format.NAME).build());
    }

    static Experiment ab() {
        return Experiment.builder("churn-ab", "churn-ab-1").variant("control", "churn:1", 1).variant("treatment", "churn:2", 1).build();
    }

    Router<Classifier> router(Experiment experiment) {
        return Router.builder(registry, Classifiers.format(), experiment).build();
    }

    @Nested
    @DisplayName("routing")
    class Routing {

        @Test
        @DisplayName("serves each unit the model of its variant, as the assigner says, and counts the assignment")
        void servesModels() {
            try (Router<Classifier> router = router(ab())) {
                Assigner assigner = Assigner.of(ab());
                for (int i = 0; i < 200; i++) {
                    String unit = "user-" + i;
                    ServedVariant<Classifier> v = router.route(unit);
                    assertThat(v.name()).isEqualTo(assigner.assign(unit));
                    assertThat(v.modelRef()).isEqualTo(v.name().equals("control") ? "churn:1" : "churn:2");
                    assertThat(PREDICT.apply(v.model())).isEqualTo(v.name().equals("control") ? "yes" : "no");
                }
                assertThat(router.stats("control").assignments() + router.stats("treatment").assignments()).isEqualTo(200);
                assertThat(router.variantOf("user-7")).isEqualTo(assigner.assign("user-7"));
                assertThat(router.stats("control").assignments() + router.stats("treatment").assignments())
                    .as("variantOf counts nothing").isEqualTo(200);
            }
        }

        @Test
        @DisplayName("allocates nothing per routed unit")
        void allocationFree() {
            try (Router<Classifier> router = router(ab())) {
                String[] units = new String[1024];
                for (int i = 0; i < units.length; i++) {
                    units[i] = Fixtures.unit(i);
                }
                long sink = 0;
                for (int i = 0; i < 300_000; i++) {
                    sink += router.route(units[i & 1023]).index();
                }
                long before = Fixtures.allocatedBytes();
                for (int i = 0; i < 100_000; i++) {
                    sink += router.route(units[i & 1023]).index();
                }
                long allocated = Fixtures.allocatedBytes() - before;
                assertThat(sink).isPositive();
                assertThat(allocated).as("bytes allocated by 100,000 routes").isLessThan(1_000);
            }
        }

        @Test
        @DisplayName("counts every assignment exactly under concurrent routing")
        void concurrentCounts() throws Exception {
            try (Router<Classifier> router = router(ab())) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 50_000; i++) {
                            router.route(thread + "-" + i);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
                pool.shutdown();
                long control = router.stats("control").assignments();
                long treatment = router.stats("treatment").assignments();
                assertThat(control + treatment).isEqualTo(200_000);
                assertThat(control / 200_000.0).isBetween(0.49, 0.51);
            }
        }

        @Test
        @DisplayName("a weight change takes effect atomically and moves only the units it must")
        void weightChange() {
            try (Router<Classifier> router = router(ab())) {
                Map<String, String> before = new java.util.HashMap<>();
                for (int i = 0; i < 20_000; i++) {
                    before.put("u" + i, router.route("u" + i).name());
                }
                router.setWeights(Map.of("control", 3.0));
                int moved = 0;
                for (int i = 0; i < 20_000; i++) {
                    String now = router.route("u" + i).name();
                    if (!now.equals(before.get("u" + i))) {
                        assertThat(now).isEqualTo("control");
                        moved++;
                    }
                }
                assertThat(moved / 20_000.0).isBetween(0.23, 0.27);
                assertThat(router.experiment().shares()).containsExactly(0.75, 0.25);
            }
        }

        @Test
        @DisplayName("refuses a configuration of another experiment")
        void otherExperiment() {
            try (Router<Classifier> router = router(ab())) {
                Experiment other = Experiment.builder("other", "x").variant("a", "churn:1", 1).build();
                assertThatThrownBy(() -> router.update(other)).hasMessageContaining("not 'other'");
            }
        }
    }

    @Nested
    @DisplayName("predictions")
    class Predictions {

        @Test
        @DisplayName("record exposure, latency percentiles and errors per variant; failures reach the caller")
        void recorded() {
            try (Router<Classifier> router = router(ab())) {
                for (int i = 0; i < 500; i++) {
                    assertThat(router.predict("u" + i, PREDICT)).isIn("yes", "no");
                }
                Function<Classifier, String> failing = m -> {
                    throw new IllegalStateException("feature store down");
                };
                for (int i = 0; i < 10; i++) {
                    String unit = "u" + i;
                    assertThatThrownBy(() -> router.predict(unit, failing)).hasMessage("feature store down");
                }
                VariantStats control = router.stats("control");
                VariantStats treatment = router.stats("treatment");
                assertThat(control.predictions() + treatment.predictions()).isEqualTo(510);
                assertThat(control.errors() + treatment.errors()).isEqualTo(10);
                assertThat(control.latencyP50Millis()).isPositive();
                assertThat(control.latencyP99Millis()).isGreaterThanOrEqualTo(control.latencyP95Millis())
                    .isGreaterThanOrEqualTo(control.latencyP50Millis());
                assertThat(control.errorRate()).isBetween(0.0, 0.05);
            }
        }

        @Test
        @DisplayName("follow promotions: a variant on an alias serves the version the alias moves to")
        void followsAliases() {
            registry.setAlias("churn", "challenger", 1);
            Experiment e = Experiment.builder("alias", "alias").variant("only", "churn@challenger", 1).build();
            try (Router<Classifier> router = router(e)) {
                assertThat(router.predict("u", PREDICT)).isEqualTo("yes");
                registry.setAlias("churn", "challenger", 2);
                assertThat(router.predict("u", PREDICT)).isEqualTo("no");
            }
        }
    }

    @Nested
    @DisplayName("shadow traffic")
    class Shadow {

        @Test
        @DisplayName("never slows the response, drops copies when its queue is full, and counts agreement")
        void asynchronous() throws Exception {
            Classifier shadowModel = registry.load("churn:3", Classifiers.format());
            Function<Classifier, String> slowForShadow = m -> {
                if (m == shadowModel) {
                    sleep(100);
                }
                return PREDICT.apply(m);
            };
            Experiment e = Experiment.builder("shadow", "shadow").variant("control", "churn:1", 1).variant("treatment", "churn:2", 1).build();
            try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), e).shadow("churn:3", java.util.Objects::equals, 2).build()) {
                long start = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    router.predict("u" + i, slowForShadow);
                }
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(elapsedMillis).as("20 predictions while the shadow needs 100 ms each").isLessThan(1_000);
                assertThat(router.awaitShadow(10, TimeUnit.SECONDS)).isTrue();
                ShadowStats stats = router.shadowStats().orElseThrow();
                assertThat(stats.mirrored()).isEqualTo(20);
                assertThat(stats.dropped()).isGreaterThanOrEqualTo(10);
                assertThat(stats.compared() + stats.dropped() + stats.failed()).isEqualTo(20);
                assertThat(stats.compared()).isPositive();
            }
        }

        @Test
        @DisplayName("by default compares results with equals and holds up to 1024 waiting copies")
        void defaults() throws Exception {
            try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), ab())
                .shadow("churn:3").build()) {
                int yes = 0;
                for (int i = 0; i < 1000; i++) {
                    yes += router.predict("u" + i, PREDICT).equals("yes") ? 1 : 0;
                }
                assertThat(router.awaitShadow(10, TimeUnit.SECONDS)).isTrue();
                ShadowStats stats = router.shadowStats().orElseThrow();
                assertThat(stats.model()).isEqualTo("churn:3");
                assertThat(stats.dropped()).isZero();
                assertThat(stats.compared()).isEqualTo(1000);
                assertThat(stats.agreed()).isEqualTo(yes);
            }
        }

        @Test
        @DisplayName("agreement is the share of compared predictions where the shadow said the same")
        void agreement() throws Exception {
            Experiment e = Experiment.builder("agree", "agree").variant("control", "churn:1", 1).variant("treatment", "churn:2", 1).build();
            try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), e).shadow("churn:3", java.util.Objects::equals, 10_000).build()) {
                int yes = 0;
                for (int i = 0; i < 2000; i++) {
                    yes += router.predict("u" + i, PREDICT).equals("yes") ? 1 : 0;
                }
                assertThat(router.awaitShadow(10, TimeUnit.SECONDS)).isTrue();
                ShadowStats stats = router.shadowStats().orElseThrow();
                assertThat(stats.dropped()).isZero();
                assertThat(stats.compared()).isEqualTo(2000);
                assertThat(stats.agreed()).isEqualTo(yes);  // the shadow (churn:3) always says "yes"
                assertThat(stats.agreementRate()).isBetween(0.45, 0.55);
            }
        }
    }

    @Nested
    @DisplayName("a canary")
    class CanaryRollout {

        Experiment canary(double maxErrorRate, double maxLatencyMs) {
            return Experiment.builder("canary", "canary-1").variant("stable", "churn:1", 1).variant("canary", "churn:2", 0)
                .canary(Canary.of("canary", 50).withGuardrails(maxErrorRate, maxLatencyMs, 40)).build();
        }

        @Test
        @DisplayName("is rolled back automatically when its error rate breaches the guardrail")
        void errorRateRollback() {
            List<Analysis.GuardrailCheck> told = new ArrayList<>();
            Function<Classifier, String> canaryFails = m -> {
                String label = PREDICT.apply(m);
                if (label.equals("no")) {
                    throw new IllegalStateException("canary bug");
                }
                return label;
            };
            List<Analysis.GuardrailCheck> removed = new ArrayList<>();
            try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), canary(0.05, 10_000)).build()) {
                router.addListener((RollbackListener) told::add);
                RollbackListener gone = removed::add;
                router.addListener(gone);
                router.removeListener(gone);
                for (int i = 0; i < 400; i++) {
                    try {
                        router.predict("u" + i, canaryFails);
                    } catch (IllegalStateException expected) {
                        // the canary's failures reach the caller until it is rolled back
                    }
                }
                assertThat(router.experiment().canary().orElseThrow().percent()).isZero();
                assertThat(told).hasSize(1);
                assertThat(told.get(0).check()).isEqualTo("errorRate");
                assertThat(removed).as("a removed listener is not told").isEmpty();
                for (int i = 0; i < 1000; i++) {
                    assertThat(router.route("v" + i).name()).isEqualTo("stable");
                }
            }
        }

        @Test
        @DisplayName("a check on demand rolls a breaching canary back once it has served its minimum requests")
        void checkOnDemand() {
            Experiment e = Experiment.builder("canary", "canary-1").variant("stable", "churn:1", 1)
                .variant("canary", "churn:2", 0).canary(Canary.of("canary", 50).withGuardrails(0.05, 10_000, 5))
                .build();
            Function<Classifier, String> canaryFails = m -> {
                if (PREDICT.apply(m).equals("no")) {
                    throw new IllegalStateException("canary bug");
                }
                return "yes";
            };
            List<Analysis.GuardrailCheck> told = new ArrayList<>();
            try (Router<Classifier> router = router(e)) {
                router.addListener((RollbackListener) told::add);
                int failures = 0;
                for (int i = 0; failures < 10; i++) {
                    try {
                        router.predict("u" + i, canaryFails);
                    } catch (IllegalStateException expected) {
                        failures++;
                    }
                    if (failures == 3) {
                        assertThat(router.checkGuardrails()).as("below the minimum of 5 requests").isEmpty();
                        assertThat(router.experiment().canary().orElseThrow().percent()).isEqualTo(50);
                    }
                }
                Analysis.GuardrailCheck breach = router.checkGuardrails().orElseThrow();
                assertThat(breach).isEqualTo(new Analysis.GuardrailCheck("canary", "errorRate", 1.0, 0.05, 10, true));
                assertThat(router.experiment().canary().orElseThrow().percent()).isZero();
                assertThat(told).containsExactly(breach);
                assertThat(router.checkGuardrails()).as("a canary at 0 % has nothing to check").isEmpty();
            }
            try (Router<Classifier> router = router(ab())) {
                assertThat(router.checkGuardrails()).as("no canary").isEmpty();
            }
        }

        @Test
        @DisplayName("is rolled back when its p99 latency breaches the guardrail")
        void latencyRollback() {
            Function<Classifier, String> slowCanary = m -> {
                String label = PREDICT.apply(m);
                if (label.equals("no")) {
                    sleep(3);
                }
                return label;
            };
            try (Router<Classifier> router = router(canary(1.0, 1))) {
                for (int i = 0; i < 200 && router.experiment().canary().orElseThrow().percent() > 0; i++) {
                    router.predict("u" + i, slowCanary);
                }
                assertThat(router.experiment().canary().orElseThrow().percent()).isZero();
            }
        }

        @Test
        @DisplayName("ramps up without moving a canary unit out")
        void ramp() {
            Experiment e = Experiment.builder("ramp", "ramp").variant("stable", "churn:1", 1).variant("canary", "churn:2", 0)
                .canary(Canary.of("canary", 1)).build();
            try (Router<Classifier> router = router(e)) {
                List<String> inCanary = new ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    if (router.route("u" + i).name().equals("canary")) {
                        inCanary.add("u" + i);
                    }
                }
                for (double percent : new double[] {5, 25, 100}) {
                    router.rampCanary(percent);
                    for (String unit : inCanary) {
                        assertThat(router.route(unit).name()).isEqualTo("canary");
                    }
                }
                assertThat(inCanary.size()).isBetween(120, 280);
            }
        }
    }

    @Nested
    @DisplayName("sticky assignments")
    class Sticky {

        @Test
        @DisplayName("freeze units in place across weight changes, and re-home only units of a removed variant")
        void frozen() {
            Experiment e = Experiment.builder("sticky", "sticky").variant("a", "churn:1", 1).variant("b", "churn:2", 1)
                .variant("c", "churn:3", 1).build();
            InMemoryStickyAssignments store = new InMemoryStickyAssignments();
            try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), e).sticky(store).build()) {
                Map<String, String> first = new java.util.HashMap<>();
                for (int i = 0; i < 3000; i++) {
                    first.put("u" + i, router.route("u" + i).name());
                }
                assertThat(store.size("sticky")).isEqualTo(3000);
                router.update(e.withPhase(7));  // a reshuffle: remembered units do not notice
                for (int i = 0; i < 3000; i++) {
                    assertThat(router.route("u" + i).name()).isEqualTo(first.get("u" + i));
                }
                router.update(e.withVariants(List.of(e.variants().get(0), e.variants().get(2))));
                for (int i = 0; i < 3000; i++) {
                    String now = router.route("u" + i).name();
                    if (!first.get("u" + i).equals("b")) {
                        assertThat(now).isEqualTo(first.get("u" + i));
                    } else {
                        assertThat(now).isIn("a", "c");
                    }
                }
            }
        }
    }

    @Nested
    @DisplayName("bandits")
    class BanditPolicies {

        static final double[] RATES = {0.04, 0.08, 0.16};

        Experiment bandit(Bandit policy) {
            return Experiment.builder("bandit", "bandit").variant("a", "churn:1", 1).variant("b", "churn:2", 1)
                .variant("c", "churn:3", 1).bandit(policy).build();
        }

        @Test
        @DisplayName("Thompson sampling moves traffic to the best variant; units are sticky within an epoch")
        void thompson() {
            SplittableRandom random = new SplittableRandom(3);
            try (Router<Classifier> router = router(bandit(Bandit.thompson(17)))) {
                int unit = 0;
                for (int epoch = 0; epoch < 6; epoch++) {
                    for (int i = 0; i < 1500; i++, unit++) {
                        String id = "u" + unit;
                        ServedVariant<Classifier> v = router.route(id);
                        assertThat(router.route(id).name()).as("sticky within the epoch").isEqualTo(v.name());
                        router.recordConversion(v.name(), random.nextDouble() < RATES[v.index()]);
                    }
                    Allocation before = Assigner.of(router.experiment()).allocation();
                    double[] oldShares = router.experiment().shares();
                    router.nextEpoch();
                    Allocation after = Assigner.of(router.experiment()).allocation();
                    double[] newShares = router.experiment().shares();
                    for (int s = 0; s < UnitHash.SLOTS; s++) {
                        if (before.ownerOf(s) != after.ownerOf(s)) {
                            assertThat(newShares[before.ownerOf(s)]).isLessThan(oldShares[before.ownerOf(s)]);
                        }
                    }
                }
                assertThat(router.epoch()).isEqualTo(6);
                assertThat(router.experiment().shares()[2]).isGreaterThan(0.6);
            }
        }

        @Test
        @DisplayName("Thompson shares are reproducible from the same rewards, seed and epoch")
        void reproducible() {
            long[] successes = {10, 20, 30};
            long[] trials = {200, 200, 200};
            Bandit b = Bandit.thompson(5);
            assertThat(Bandits.shares(b, successes, trials, 3)).containsExactly(Bandits.shares(b, successes, trials, 3));
            double[] shares = Bandits.shares(b, successes, trials, 3);
            assertThat(shares[0] + shares[1] + shares[2]).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(shares[2]).isGreaterThan(shares[1]).isGreaterThan(shares[0]);
        }

        @Test
        @DisplayName("epsilon-greedy gives the best variant 1 − ε + ε/k and the others ε/k")
        void epsilonGreedy() {
            SplittableRandom random = new SplittableRandom(4);
            try (Router<Classifier> router = router(bandit(Bandit.epsilonGreedy(0.3)))) {
                for (int i = 0; i < 6000; i++) {
                    ServedVariant<Classifier> v = router.route("u" + i);
                    router.recordConversion(v.name(), random.nextDouble() < RATES[v.index()]);
                }
                router.nextEpoch();
                assertThat(router.experiment().shares()).containsExactly(new double[] {0.1, 0.1, 0.8},
                    org.assertj.core.data.Offset.offset(1e-4));
            }
            assertThatThrownBy(() -> router(ab()).nextEpoch()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    @DisplayName("outcomes")
    class Reported {

        @Test
        @DisplayName("live observations hold the units routed, conversions and values per metric, and serving health")
        void observations() {
            try (Router<Classifier> router = router(ab())) {
                assertThat(router.observations().health()).containsOnly(Observations.Health.unknown());
                long[] units = new long[2];
                long[] converted = new long[2];
                double[] revenue = new double[2];
                for (int i = 0; i < 300; i++) {
                    String unit = "u" + i;
                    router.predict(unit, PREDICT);
                    int k = router.experiment().indexOf(router.variantOf(unit));
                    router.recordConversion(router.variantOf(unit), i % 4 == 0);
                    router.recordValue(router.variantOf(unit), "revenue", i);
                    units[k]++;
                    converted[k] += i % 4 == 0 ? 1 : 0;
                    revenue[k] += i;
                }
                Observations seen = router.observations();
                assertThat(seen.variants()).containsExactly("control", "treatment");
                assertThat(seen.units()).containsExactly(units[0], units[1]);
                assertThat(seen.unitsInSeveralVariants()).isZero();
                assertThat(seen.metrics()).extracting(Observations.MetricData::name)
                    .containsExactly("converted", "revenue");
                Observations.MetricData conversions = seen.metric("converted").orElseThrow();
                Observations.MetricData values = seen.metric("revenue").orElseThrow();
                assertThat(conversions.conversion()).isTrue();
                assertThat(values.conversion()).isFalse();
                for (int k = 0; k < 2; k++) {
                    assertThat(conversions.samples().get(k).successes()).isEqualTo(converted[k]);
                    assertThat(values.samples().get(k).count()).isEqualTo(units[k]);
                    assertThat(values.samples().get(k).mean()).isCloseTo(revenue[k] / units[k], within(1e-9));
                    assertThat(seen.health().get(k).requests()).isEqualTo(units[k]);
                    assertThat(seen.health().get(k).errorRate()).hasValue(0.0);
                    assertThat(seen.health().get(k).latencyP99Millis()).isPresent();
                }
            }
        }

        @Test
        @DisplayName("a value must be finite, for a named metric other than converted, of a variant of the experiment")
        void valueRefusals() {
            try (Router<Classifier> router = router(ab())) {
                assertThatThrownBy(() -> router.recordValue("control", "revenue", Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("metric 'revenue' value must be finite, was NaN");
                assertThatThrownBy(() -> router.recordValue("control", "converted", 1))
                    .hasMessageContaining("use recordConversion");
                assertThatThrownBy(() -> router.recordValue("control", " ", 1))
                    .hasMessageContaining("must not be blank");
                assertThatThrownBy(() -> router.recordValue("nope", "revenue", 1))
                    .hasMessage("no variant 'nope' in experiment 'churn-ab'");
                assertThat(router.observations().metrics()).isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("a winner")
    class Winner {

        Router<Classifier> routerWithWinner() {
            Router<Classifier> router = router(ab());
            SplittableRandom random = new SplittableRandom(9);
            for (int i = 0; i < 6000; i++) {
                ServedVariant<Classifier> v = router.route("u" + i);
                router.recordConversion(v.name(), random.nextDouble() < (v.name().equals("control") ? 0.10 : 0.15));
            }
            return router;
        }

        @Test
        @DisplayName("is decided on live counters, and looking again never loosens the always-valid p-value")
        void liveAnalysis() {
            try (Router<Classifier> router = routerWithWinner()) {
                Analysis first = router.analyze();
                assertThat(first.decision().label()).isEqualTo("winner:treatment");
                assertThat(first.variants().get(0).units() + first.variants().get(1).units()).isEqualTo(6000);
                router.recordConversion("control", true);
                Analysis second = router.analyze();
                double p1 = first.tests().stream().filter(Analysis.Comparison::deciding).findFirst().orElseThrow().result().pValue().orElseThrow();
                double p2 = second.tests().stream().filter(Analysis.Comparison::deciding).findFirst().orElseThrow().result().pValue().orElseThrow();
                assertThat(p2).isLessThanOrEqualTo(p1);
            }
        }

        @Test
        @DisplayName("is promoted through the registry by an alias move, recorded in the audit trail")
        void promotedByAlias() {
            try (Router<Classifier> router = routerWithWinner()) {
                Analysis analysis = router.analyze();
                ModelVersion promoted = router.promoteWinner(analysis, Promotion.alias("champion")).orElseThrow();
                assertThat(promoted.version()).isEqualTo(2);
                assertThat(registry.get("churn@champion").version()).isEqualTo(2);
                assertThat(registry.history("churn")).anySatisfy(event -> {
                    assertThat(event.action()).isEqualTo(AuditAction.ALIAS);
                    assertThat(event.detail()).isEqualTo("champion");
                    assertThat(event.actor()).isEqualTo("router-test");
                });
            }
        }

        @Test
        @DisplayName("is promoted to a stage with the experiment's reason in the audit trail")
        void promotedToStage() {
            registry.promote("churn", 2, Stage.TESTING, "offline");
            registry.promote("churn", 2, Stage.STAGING, "offline");
            try (Router<Classifier> router = routerWithWinner()) {
                ModelVersion promoted = router.promoteWinner(router.analyze(), Promotion.stage(Stage.PRODUCTION)).orElseThrow();
                assertThat(promoted.stage()).isEqualTo(Stage.PRODUCTION);
                AuditEvent last = registry.history("churn").get(registry.history("churn").size() - 1);
                assertThat(last.action()).isEqualTo(AuditAction.PROMOTE);
                assertThat(last.reason()).startsWith("experiment 'churn-ab': 'treatment' beats 'control'");
            }
        }

        @Test
        @DisplayName("nothing is promoted without a winner")
        void noWinner() {
            try (Router<Classifier> router = router(ab())) {
                for (int i = 0; i < 400; i++) {
                    router.route("u" + i);
                    router.recordConversion(router.variantOf("u" + i), i % 10 == 0);
                }
                Analysis analysis = router.analyze();
                assertThat(analysis.decision().kind()).isEqualTo(Decision.Kind.CONTINUE);
                assertThat(router.promoteWinner(analysis, Promotion.alias("champion"))).isEmpty();
                assertThat(registry.find("churn@champion")).isEmpty();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Nested
    @DisplayName("observed from outside")
    class Observed {

        @Test
        @DisplayName("served variants read the variant's counters: assignments, predictions, errors, summed latency, conversions")
        void countersOfServedVariants() {
            try (Router<Classifier> router = router(ab())) {
                for (int i = 0; i < 300; i++) {
                    router.predict("u" + i, PREDICT);
                }
                Function<Classifier, String> failing = m -> {
                    throw new IllegalStateException("down");
                };
                for (int i = 0; i < 7; i++) {
                    String unit = "f" + i;
                    assertThatThrownBy(() -> router.predict(unit, failing)).hasMessage("down");
                }
                router.route("only-routed");
                router.recordConversion("control", true);
                router.recordConversion("control", false);

                List<ServedVariant<Classifier>> variants = router.variants();
                assertThat(variants).extracting(ServedVariant::name).containsExactly("control", "treatment");
                long assignments = 0;
                long predictions = 0;
                long errors = 0;
                for (ServedVariant<Classifier> v : variants) {
                    VariantStats stats = router.stats(v.name());
                    assertThat(v.assignments()).isEqualTo(stats.assignments());
                    assertThat(v.predictions()).isEqualTo(stats.predictions());
                    assertThat(v.errors()).isEqualTo(stats.errors());
                    assertThat(v.predictionNanos()).as("summed latency of %s", v.name())
                        .isGreaterThanOrEqualTo(v.predictions());
                    assertThat(v.conversions()).isEqualTo(stats.conversions());
                    assignments += v.assignments();
                    predictions += v.predictions();
                    errors += v.errors();
                }
                assertThat(assignments).isEqualTo(308);
                assertThat(predictions).isEqualTo(307);
                assertThat(errors).isEqualTo(7);
                assertThat(variants.get(0).conversions().successes()).isEqualTo(1);
                assertThat(variants.get(0).conversions().count()).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("counters are kept by variant name: a variant of an earlier configuration reads the same numbers")
        void countersSurviveChanges() {
            try (Router<Classifier> router = router(ab())) {
                ServedVariant<Classifier> before = router.variants().get(0);
                router.setWeights(Map.of("control", 3.0));
                ServedVariant<Classifier> after = router.variants().get(0);
                assertThat(after).isNotSameAs(before);
                for (int i = 0; i < 100; i++) {
                    router.route("u" + i);
                }
                assertThat(before.assignments()).isEqualTo(after.assignments()).isEqualTo(router.stats("control").assignments())
                    .isPositive();
            }
        }

        @Test
        @DisplayName("experiment listeners hear every configuration change, with the one before and the one in force")
        void experimentListeners() {
            Experiment canary = Experiment.builder("canary", "canary-1").variant("stable", "churn:1", 1)
                .variant("canary", "churn:2", 0).canary(Canary.of("canary", 5)).build();
            List<String> heard = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            try (Router<Classifier> router = router(canary)) {
                router.addListener((previous, current) -> {
                    assertThat(router.experiment()).as("the new configuration is in force").isSameAs(current);
                    heard.add(previous.canary().orElseThrow().percent() + "->" + current.canary().orElseThrow().percent());
                });
                router.addListener((previous, current) -> {
                    throw new IllegalStateException("a failing listener stops nothing");
                });
                ExperimentListener gone = (previous, current) -> removed.add("told");
                router.addListener(gone);
                router.removeListener(gone);
                router.rampCanary(25);
                router.update(router.experiment().withCanaryPercent(50));
                assertThat(heard).containsExactly("5.0->25.0", "25.0->50.0");
                assertThat(removed).isEmpty();
                assertThat(router.experiment().canary().orElseThrow().percent()).isEqualTo(50.0);
            }
        }
    }
}
