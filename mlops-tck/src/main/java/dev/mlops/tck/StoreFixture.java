package dev.mlops.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Stage;
import dev.mlops.spi.ModelStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fresh store of one test: its URI, the clock every registry on it reads, the registry the
 * test works through and the others it opens (all closed when the test ends), and the backend's
 * ways to damage the store behind the registry's back.
 */
final class StoreFixture implements AutoCloseable {

    private final ModelStoreTck backend;
    private final String uri;
    private final Path temp;
    private final TestClock clock = new TestClock(TckGroup.START);
    private final List<ModelRegistry> opened = new ArrayList<>();
    private final ModelRegistry registry;

    /** Opens the test's registry on the new, empty store at {@code uri}. */
    StoreFixture(ModelStoreTck backend, String uri, Path temp) {
        this.backend = backend;
        this.uri = uri;
        this.temp = temp;
        this.registry = open(b -> { });
    }

    /** The registry the test works through. */
    ModelRegistry registry() {
        return registry;
    }

    /** The clock of every registry opened here; it moves only when a test moves it. */
    TestClock clock() {
        return clock;
    }

    /** The store's URI. */
    String uri() {
        return uri;
    }

    /** The backend's options for opening its stores. */
    Map<String, String> options() {
        return backend.storeOptions();
    }

    /** A directory of the test's own, deleted after it. */
    Path temp() {
        return temp;
    }

    /** Opens another registry on the store, as another service instance would. */
    ModelRegistry open(Consumer<ModelRegistries.Builder> customize) {
        ModelRegistries.Builder builder = ModelRegistries.builder(uri).actor("tck").clock(clock)
                .refreshInterval(Duration.ofMillis(50));
        backend.storeOptions().forEach(builder::option);
        customize.accept(builder);
        ModelRegistry r = builder.open();
        opened.add(r);
        return r;
    }

    /** Opens the store itself through the SPI, with the backend's options; the caller closes it. */
    ModelStore openStore() {
        return ModelStores.open(uri, backend.storeOptions());
    }

    /** Flips one byte of the stored artifact with this digest, as the backend says. */
    void corruptArtifact(String sha256) throws Exception {
        backend.corruptArtifact(uri, sha256);
    }

    /** Changes the reason of one stored audit entry in place, as the backend says. */
    void editAuditReason(String model, long seq, String reason) throws Exception {
        backend.editAuditReason(uri, model, seq, reason);
    }

    /** Removes a model's newest audit entry, as the backend says. */
    void removeNewestAuditEntry(String model) throws Exception {
        backend.removeNewestAuditEntry(uri, model);
    }

    /** Removes a model's first audit entry, as the backend says. */
    void removeFirstAuditEntry(String model) throws Exception {
        backend.removeFirstAuditEntry(uri, model);
    }

    /** Changes the stage a version is served in, as the backend says. */
    void editServedStage(String model, int version, Stage stage) throws Exception {
        backend.editServedStage(uri, model, version, stage);
    }

    /** Changes a metric of a version as served, as the backend says. */
    void editServedMetric(String model, int version, String metric, double value) throws Exception {
        backend.editServedMetric(uri, model, version, metric, value);
    }

    /** Skips the running test, naming the feature, unless the backend declares it. */
    void require(StoreCapability capability) {
        assumeTrue(backend.capabilities().contains(capability), () -> backend.getClass().getSimpleName()
                + " does not declare " + capability + " (" + capability.description() + ")");
    }

    /** Closes every registry opened here, the newest first. */
    @Override
    public void close() {
        Collections.reverse(opened);
        for (ModelRegistry c : opened) {
            c.close();
        }
        opened.clear();
    }
}
