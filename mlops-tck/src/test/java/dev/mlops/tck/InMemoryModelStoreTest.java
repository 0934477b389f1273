package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.ModelStores;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the in-memory store does beyond the kit: its lifetime, its URIs and the checks of its writes. */
class InMemoryModelStoreTest {

    private static String freshUri() {
        return "mem:test-" + UUID.randomUUID();
    }

    @Test
    @DisplayName("instances opened with one name share a store, which closing the last one discards")
    void sharedUntilLastClose() throws Exception {
        String uri = freshUri();
        ModelStore first = ModelStores.open(uri, Map.of());
        StoredArtifact artifact = first.putArtifact(new ByteArrayInputStream(new byte[] {1, 2, 3}));
        try (ModelStore second = ModelStores.open(uri, Map.of());
                ModelStore elsewhere = ModelStores.open(freshUri(), Map.of())) {
            assertThat(second.openArtifact(artifact.sha256()).readAllBytes()).containsExactly(1, 2, 3);
            assertThatThrownBy(() -> elsewhere.openArtifact(artifact.sha256()))
                    .isInstanceOf(ModelNotFoundException.class);
        }
        assertThat(first.openArtifact(artifact.sha256()).readAllBytes()).containsExactly(1, 2, 3);
        first.close();
        first.close();
        assertThatThrownBy(first::models).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        try (ModelStore reopened = ModelStores.open(uri, Map.of())) {
            assertThatThrownBy(() -> reopened.openArtifact(artifact.sha256()))
                    .isInstanceOf(ModelNotFoundException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mem:", "memory:x", "file:/tmp/x"})
    @DisplayName("a URI that is not mem: with a name is refused, naming it")
    void badUri(String uri) {
        assertThatThrownBy(() -> new InMemoryModelStoreProvider().open(uri, Map.of()))
                .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining(uri);
    }

    @Test
    @DisplayName("options are refused, naming them")
    void options() {
        assertThatThrownBy(() -> ModelStores.open(freshUri(), Map.of("blobs", "/tmp/blobs")))
                .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("blobs");
    }

    @Test
    @DisplayName("a write inside a write on the same model is refused rather than losing one of them")
    void nestedWrite() {
        try (ModelStore store = ModelStores.open(freshUri(), Map.of())) {
            assertThatThrownBy(() -> store.write("m", tx -> store.write("m", inner -> 0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("'m'");
            int otherModel = store.write("m", tx -> store.write("other", StoreTransaction::latestVersion));
            assertThat(otherModel).as("another model may be written meanwhile").isZero();
        }
    }

    @Test
    @DisplayName("writes that do not fit the model fail where they are made, naming what is wrong")
    void checkedWrites() {
        try (ModelStore store = ModelStores.open(freshUri(), Map.of())) {
            assertThatThrownBy(() -> store.write("m", tx -> {
                tx.setAlias("champion", 1);
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no version 1");
            AuditEvent first = AuditEvent.next(null, "m", TckGroup.START, "tck", AuditAction.JOB, 0, "", "", "", "");
            AuditEvent second = AuditEvent.next(first, "m", TckGroup.START, "tck", AuditAction.JOB, 0, "", "", "", "");
            assertThatThrownBy(() -> store.write("m", tx -> {
                tx.appendAudit(second);
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audit entry 2");
            assertThatThrownBy(() -> store.write("m", tx -> {
                tx.appendAudit(AuditEvent.next(null, "other", TckGroup.START, "tck", AuditAction.JOB, 0, "", "",
                        "", ""));
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'other'");
            assertThat(store.auditHeads()).isEmpty();
        }
    }
}
