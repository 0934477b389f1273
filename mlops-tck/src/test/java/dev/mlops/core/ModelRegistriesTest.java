package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.tck.TckModels;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The settings of {@link ModelRegistries} that do not depend on the store, on in-memory stores. */
class ModelRegistriesTest {

    private static String freshUri() {
        return "mem:registries-" + UUID.randomUUID();
    }

    private static void registerConstant(ModelRegistry registry, String name, String label) {
        registry.register(RegisterRequest.builder(name, ArtifactSource.of(TckModels.constant(label)))
                .format(TckModels.ConstantFormat.NAME).build());
    }

    @Test
    @DisplayName("a registry opened by URI alone has the defaults: registers, loads and records the OS user")
    void openWithDefaults() {
        try (ModelRegistry registry = ModelRegistries.open(freshUri())) {
            registerConstant(registry, "churn", "yes");
            assertThat(registry.load("churn:1", TckModels.FORMAT).predict()).isEqualTo("yes");
            assertThat(registry.get("churn:1").createdBy()).isEqualTo(System.getProperty("user.name"));
            assertThat(registry.get("churn:1").signature()).as("unsigned by default").isEqualTo(ArtifactSignature.NONE);
        }
    }

    @Test
    @DisplayName("the model cache holds at least one model and refuses a smaller size, naming it")
    void cacheSize() {
        assertThatThrownBy(() -> ModelRegistries.builder(freshUri()).cacheSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cache size must be at least 1, got 0");
        try (ModelRegistry registry = ModelRegistries.builder(freshUri()).cacheSize(1).open()) {
            registerConstant(registry, "a", "one");
            registerConstant(registry, "b", "two");
            TckModels.ConstantModel first = registry.load("a:1", TckModels.FORMAT);
            assertThat(registry.load("a:1", TckModels.FORMAT)).as("served from the cache").isSameAs(first);
            assertThat(registry.load("b:1", TckModels.FORMAT).predict()).isEqualTo("two");
            assertThat(registry.load("a:1", TckModels.FORMAT).predict()).isEqualTo("one");
        }
    }

    /** A model holding a resource, such as a native session. */
    private static final class Closing implements AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** Reads any artifact as a new {@link Closing}. */
    private record ClosingFormat() implements ModelFormat<Closing> {
        @Override
        public String name() {
            return TckModels.ConstantFormat.NAME;
        }

        @Override
        public Closing read(byte[] verifiedBytes) {
            return new Closing();
        }
    }

    @Test
    @DisplayName("a model the cache evicts, or that a closing registry drops, is closed once; its reference loads it anew")
    void evictionCloses() {
        Closing a;
        Closing b;
        Closing again;
        try (ModelRegistry registry = ModelRegistries.builder(freshUri()).cacheSize(1).open()) {
            registerConstant(registry, "a", "one");
            registerConstant(registry, "b", "two");
            a = registry.load("a:1", new ClosingFormat());
            assertThat(registry.load("a:1", new ClosingFormat())).isSameAs(a);
            assertThat(a.closed).hasValue(0);
            b = registry.load("b:1", new ClosingFormat());
            assertThat(a.closed).as("evicted by b").hasValue(1);
            again = registry.load("a:1", new ClosingFormat());
            assertThat(again).as("a closed model is never served").isNotSameAs(a);
            assertThat(b.closed).as("evicted by a again").hasValue(1);
            assertThat(again.closed).hasValue(0);
        }
        assertThat(again.closed).as("closed with the registry").hasValue(1);
        assertThat(a.closed).hasValue(1);
        assertThat(b.closed).hasValue(1);
    }

    @Test
    @DisplayName("the background refresh runs on a given scheduler, which closing the registry leaves running")
    void scheduler() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        String uri = freshUri();
        try (ModelRegistry other = ModelRegistries.open(uri)) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            try (ModelRegistry registry = ModelRegistries.builder(uri).scheduler(scheduler)
                    .refreshInterval(Duration.ofMillis(20)).open()) {
                registry.addListener(events::add);
                assertThat(scheduler.getQueue()).as("the refresh is scheduled there").hasSize(1);
                registerConstant(other, "m", "x");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (events.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(events).singleElement().isInstanceOf(RegistryEvent.VersionRegistered.class);
            }
            assertThat(scheduler.getQueue()).as("the refresh is cancelled on close").isEmpty();
            assertThat(scheduler.isShutdown()).as("the caller's scheduler is the caller's to stop").isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
