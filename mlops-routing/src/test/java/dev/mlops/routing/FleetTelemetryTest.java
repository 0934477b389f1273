package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import dev.mlops.stats.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routers flush their counts per window; the fleet's merged counts are every router's counts. */
class FleetTelemetryTest {

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
        for (String label : new String[] {"yes", "no"}) {
            registry.register(RegisterRequest.builder("churn", ArtifactSource.of(ConstantClassifier.artifact(label)))
                .format(ConstantClassifier.Format.NAME).build());
        }
        store = ModelStores.open("file:" + dir, Map.of());
        experiments = StoredExperiments.of(store, clock);
        experiments.create(StoredExperimentsTest.ab(), "ana", "");
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        registry.close();
    }

    /** Routes units through a router, reporting conversions and revenue, with predictions. */
    private static void serve(Router<Classifier> router, Random random, int from, int to) {
        for (int i = from; i < to; i++) {
            String unit = Fixtures.unit(i);
            router.predict(unit, m -> m.predict(Map.of()).label());
            String variant = router.variantOf(unit);
            router.recordConversion(variant, random.nextDouble() < (variant.equals("control") ? 0.2 : 0.25));
            router.recordValue(variant, "revenue", 10 + random.nextGaussian() * 3);
        }
    }

    @Test
    void theFleetsMergedCountsAreEveryRoutersCountsOnceEachWindowOnce() {
        Random random = new Random(5);
        try (Router<Classifier> a = Router.builder(registry, Classifiers.format(), StoredExperimentsTest.ab()).build();
             Router<Classifier> b = Router.builder(registry, Classifiers.format(), StoredExperimentsTest.ab()).build()) {
            FleetTelemetry ta = FleetTelemetry.manual(a, (TelemetryStore) store, "pod-a", Duration.ofMinutes(1), clock);
            FleetTelemetry tb = FleetTelemetry.manual(b, (TelemetryStore) store, "pod-b", Duration.ofMinutes(1), clock);
            for (int window = 0; window < 4; window++) {
                serve(a, random, window * 1000, window * 1000 + 600);
                ta.flush();
                ta.flush();  // a repeated flush replaces, never adds
                serve(b, random, 100_000 + window * 1000, 100_000 + window * 1000 + 400);
                tb.flush();
                serve(a, random, window * 1000 + 600, window * 1000 + 700);
                millis.addAndGet(60_000);
            }
            ta.flush();  // closes the last window
            tb.flush();
            List<TelemetryBucket> buckets = ((TelemetryStore) store).buckets(TelemetryBucket.EXPERIMENT, "pricing");
            assertThat(buckets).hasSize(8);

            Observations merged = experiments.counts("pricing").counts().observations(a.experiment());
            Observations oa = a.observations();
            Observations ob = b.observations();
            for (int v = 0; v < 2; v++) {
                assertThat(merged.units().get(v)).isEqualTo(oa.units().get(v) + ob.units().get(v));
                assertThat(merged.health().get(v).requests())
                    .isEqualTo(oa.health().get(v).requests() + ob.health().get(v).requests());
                Sample conversions = merged.metric("converted").orElseThrow().samples().get(v);
                Sample ca = oa.metric("converted").orElseThrow().samples().get(v);
                Sample cb = ob.metric("converted").orElseThrow().samples().get(v);
                assertThat(conversions.count()).isEqualTo(ca.count() + cb.count());
                assertThat(conversions.successes()).isEqualTo(ca.successes() + cb.successes());
                Sample revenue = merged.metric("revenue").orElseThrow().samples().get(v);
                Sample ra = oa.metric("revenue").orElseThrow().samples().get(v);
                Sample rb = ob.metric("revenue").orElseThrow().samples().get(v);
                long n = ra.count() + rb.count();
                assertThat(revenue.count()).isEqualTo(n);
                assertThat(revenue.mean()).isCloseTo((ra.mean() * ra.count() + rb.mean() * rb.count()) / n, within(1e-12));
            }
            assertThat(merged.metrics()).extracting(Observations.MetricData::name).containsExactly("converted", "revenue");
            Analysis fleet = experiments.analyze("pricing");
            assertThat(fleet.variants()).extracting(Analysis.VariantResult::units)
                .containsExactly(merged.units().get(0), merged.units().get(1));
        }
    }

    @Test
    void aWindowsBucketHoldsWhatWasCountedInItAndAFailedCloseIsWrittenLater() {
        AtomicLong writesOfWindow0 = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        TelemetryStore flaky = new TelemetryStore() {
            @Override
            public void putBucket(TelemetryBucket bucket) {
                if (bucket.window() == 0 && writesOfWindow0.incrementAndGet() == 2) {
                    failed.incrementAndGet();
                    throw new dev.mlops.registry.StorageException("disk full");
                }
                ((TelemetryStore) store).putBucket(bucket);
            }

            @Override
            public List<TelemetryBucket> buckets(String kind, String subject) {
                return ((TelemetryStore) store).buckets(kind, subject);
            }
        };
        millis.set(0);
        Random random = new Random(9);
        try (Router<Classifier> a = Router.builder(registry, Classifiers.format(), StoredExperimentsTest.ab()).build()) {
            FleetTelemetry t = FleetTelemetry.manual(a, flaky, "pod-a", Duration.ofSeconds(10), clock);
            serve(a, random, 0, 300);
            assertThat(t.flush()).isZero();
            millis.set(10_000);
            try {
                t.flush();  // the close of window 0 fails
            } catch (dev.mlops.registry.StorageException expected) {
                // written by the next flush
            }
            assertThat(failed).hasValue(1);
            serve(a, random, 300, 350);
            assertThat(t.flush()).isEqualTo(10_000);
            assertThat(writesOfWindow0).hasValue(3);
            List<TelemetryBucket> buckets = flaky.buckets(TelemetryBucket.EXPERIMENT, "pricing");
            assertThat(buckets).extracting(TelemetryBucket::window).containsExactly(0L, 10_000L);
            long first = FleetCounts.parse(buckets.get(0).payload()).variants().values().stream()
                .mapToLong(FleetCounts.VariantCounts::units).sum();
            long second = FleetCounts.parse(buckets.get(1).payload()).variants().values().stream()
                .mapToLong(FleetCounts.VariantCounts::units).sum();
            assertThat(first).isEqualTo(300);
            assertThat(second).isEqualTo(50);
        }
    }

    @Test
    void aGuardrailBreachOnlyTheFleetsMergedRequestsShowRollsTheExperimentBack() {
        Experiment canary = Experiment.builder("rollout", "rollout-1").variant("stable", "churn:1", 1)
            .variant("canary", "churn:2", 0).canary(Canary.of("canary", 50).withGuardrails(0.05, 10_000, 100)).build();
        experiments.create(canary, "ana", "");
        try (Router<Classifier> a = Router.builder(registry, Classifiers.format(), canary).build();
             Router<Classifier> b = Router.builder(registry, Classifiers.format(), canary).build()) {
            for (Router<Classifier> router : List.of(a, b)) {
                for (int i = 0; i < 150; i++) {  // about 75 canary requests each: below the minimum of 100 alone
                    try {
                        router.predict((router == a ? "a-" : "b-") + i, m -> {
                            if (m.predict(Map.of()).label().equals("no")) {
                                throw new IllegalStateException("canary fails");
                            }
                            return "ok";
                        });
                    } catch (IllegalStateException expected) {
                        // counted as the canary's errors
                    }
                }
            }
            assertThat(a.experiment().canary().orElseThrow().percent()).isEqualTo(50);
            FleetTelemetry.manual(a, (TelemetryStore) store, "pod-a", Duration.ofMinutes(1), clock).flush();
            FleetTelemetry.manual(b, (TelemetryStore) store, "pod-b", Duration.ofMinutes(1), clock).flush();
            Observations.Health health = experiments.counts("rollout").counts().observations(canary).health().get(1);
            assertThat(health.requests()).as("%s", health).isGreaterThanOrEqualTo(100);
            var breach = experiments.checkGuardrails("rollout", "guard");
            assertThat(breach).isPresent();
            assertThat(breach.get().requests()).isGreaterThanOrEqualTo(100);
            assertThat(experiments.get("rollout").stored().state()).isEqualTo(dev.mlops.fleet.ExperimentState.ROLLED_BACK);
            assertThat(experiments.get("rollout").experiment().canary().orElseThrow().percent()).isZero();
        }
    }

    @Test
    void aBanditsNextEpochTakesTheFleetsMergedConversions() {
        Experiment bandit = Experiment.builder("offers", "offers-1").variant("a", "churn:1", 1).variant("b", "churn:2", 1)
            .bandit(Bandit.thompson(42)).build();
        experiments.create(bandit, "ana", "");
        long[] successes = {0, 0};
        long[] trials = {0, 0};
        Random random = new Random(2);
        try (Router<Classifier> a = Router.builder(registry, Classifiers.format(), bandit).build();
             Router<Classifier> b = Router.builder(registry, Classifiers.format(), bandit).build()) {
            for (Router<Classifier> router : List.of(a, b)) {
                for (int i = 0; i < 500; i++) {
                    String variant = router.route((router == a ? "a-" : "b-") + i).name();
                    boolean converted = random.nextDouble() < (variant.equals("a") ? 0.05 : 0.15);
                    router.recordConversion(variant, converted);
                    int v = variant.equals("a") ? 0 : 1;
                    trials[v]++;
                    successes[v] += converted ? 1 : 0;
                }
            }
            FleetTelemetry.manual(a, (TelemetryStore) store, "pod-a", Duration.ofMinutes(1), clock).flush();
            FleetTelemetry.manual(b, (TelemetryStore) store, "pod-b", Duration.ofMinutes(1), clock).flush();
        }
        StoredExperiments.Current next = experiments.nextBanditEpoch("offers", "bandit");
        double[] expected = Bandits.shares(bandit.bandit().orElseThrow(), successes, trials, 1);
        assertThat(next.experiment().shares()[0]).isCloseTo(expected[0], within(1e-12));
        assertThat(next.experiment().shares()[1]).isGreaterThan(next.experiment().shares()[0]);
        assertThat(next.stored().change()).isEqualTo("bandit-epoch");
    }
}
