package dev.mlops.registry.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.ModelStoreProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding the provider and reading {@code file:} URIs. */
class FileModelStoreProviderTest {

    final FileModelStoreProvider provider = new FileModelStoreProvider();

    @TempDir
    Path temp;

    @Test
    @DisplayName("is found by ServiceLoader under the scheme file")
    void serviceLoader() {
        List<ModelStoreProvider> providers = ServiceLoader.load(ModelStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        // mem: is the compatibility kit's reference store, on the test class path only
        assertThat(providers).extracting(ModelStoreProvider::scheme).containsExactlyInAnyOrder("file", "mem");
        ModelStoreProvider file = providers.stream().filter(p -> p.scheme().equals("file")).findFirst()
                .orElseThrow();
        assertThat(file).isInstanceOf(FileModelStoreProvider.class);
        assertThat(file.description()).contains("mlops-registry-fs");
    }

    @Test
    @DisplayName("opens the store an absolute URI names, and reports that URI")
    void absolute() {
        Path dir = temp.resolve("a b").resolve("models");
        for (String uri : List.of("file:" + dir, dir.toUri().toString(), "file://" + dir,
                "file://localhost" + dir, "FILE:" + dir)) {
            try (ModelStore store = provider.open(uri, Map.of())) {
                assertThat(store.uri()).isEqualTo(uri);
                assertThat(((FileModelStore) store).root()).isEqualTo(dir);
            }
        }
    }

    @Test
    @DisplayName("resolves relative paths against the working directory and decodes escapes")
    void paths() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(FileModelStoreProvider.path("file:models")).isEqualTo(cwd.resolve("models"));
        assertThat(FileModelStoreProvider.path("file:./x/../models")).isEqualTo(cwd.resolve("models"));
        assertThat(FileModelStoreProvider.path("file:/srv/my%20models")).isEqualTo(Path.of("/srv/my models"));
        assertThat(FileModelStoreProvider.path("file:/srv/%C3%A4%25")).isEqualTo(Path.of("/srv/ä%"));
        assertThat(FileModelStoreProvider.path("file:///srv/models")).isEqualTo(Path.of("/srv/models"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file://fileserver/share/models", "file://10.0.0.1/models", "file:",
            "file://", "file:/models?readonly=true", "file:/models#x", "file:/100%", "file:/%zz",
            "jdbc:h2:./models", "/var/models"})
    @DisplayName("refuses URIs that name no local directory, with a clear message")
    void refused(String uri) {
        assertThatThrownBy(() -> provider.open(uri, Map.of()))
                .isInstanceOf(MlopsConfigurationException.class)
                .hasMessageContaining(uri);
    }

    @Test
    @DisplayName("refuses options it does not know, naming them")
    void options() {
        assertThatThrownBy(() -> provider.open("file:" + temp, Map.of("poolSize", "4")))
                .isInstanceOf(MlopsConfigurationException.class)
                .hasMessageContaining("poolSize")
                .hasMessageContaining("checkpointEvery");
    }

    @Test
    @DisplayName("takes the checkpoint options, and refuses a value that is not a positive integer, naming it")
    void checkpointOptions() {
        assertThat(FileModelStoreProvider.settings("file:x",
                Map.of("checkpointEvery", "10", "versionsPerChunk", "50", "auditPerChunk", "70")))
                .isEqualTo(new FileModelStore.Settings(10, 50, 70));
        assertThat(FileModelStoreProvider.settings("file:x", Map.of())).isEqualTo(FileModelStore.Settings.DEFAULT);
        for (String bad : new String[] {"0", "-3", "ten", ""}) {
            assertThatThrownBy(() -> provider.open("file:" + temp, Map.of("versionsPerChunk", bad)))
                    .isInstanceOf(MlopsConfigurationException.class)
                    .hasMessageContaining("versionsPerChunk")
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
