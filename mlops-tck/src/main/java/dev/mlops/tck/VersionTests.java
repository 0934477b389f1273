package dev.mlops.tck;

import static dev.mlops.tck.TckGroup.concurrently;
import static dev.mlops.tck.TckGroup.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Version allocation: dense numbers per model under concurrency, idempotency keys, name checks. */
interface VersionTests extends TckGroup {

    @Test
    @DisplayName("a first registration is version 1 in DRAFT with all its metadata")
    default void firstRegistration() throws Exception {
        byte[] bytes = TckModels.bytes(1000, 1);
        ModelVersion v = registry().register(RegisterRequest.builder("churn", ArtifactSource.of(bytes))
                .format("raw").description("first; \"quoted\" ünïcode").metric("auc", 0.91)
                .param("lr", "0.1").tag("team", "growth").tag("note", "a;b'c")
                .lineage(new Lineage("base:3", "ab".repeat(32), "{\"trainer\":\"x\"}"))
                .build());
        assertThat(v.version()).isEqualTo(1);
        assertThat(v.stage()).isEqualTo(Stage.DRAFT);
        assertThat(v.sha256()).isEqualTo(sha256(bytes));
        assertThat(v.sizeBytes()).isEqualTo(1000);
        assertThat(v.createdAt()).isEqualTo(START);
        assertThat(v.createdBy()).isEqualTo("tck");
        ModelVersion read = registry().get("churn:1");
        assertThat(read).isEqualTo(v);
        assertThat(read.description()).isEqualTo("first; \"quoted\" ünïcode");
        assertThat(read.metrics()).containsExactlyEntriesOf(Map.of("auc", 0.91));
        assertThat(read.tags()).containsEntry("note", "a;b'c");
        assertThat(read.lineage().parent()).isEqualTo("base:3");
        assertThat(read.lineage().provenance()).isEqualTo("{\"trainer\":\"x\"}");
    }

    @Test
    @DisplayName("each model numbers its versions from 1")
    default void perModelNumbering() {
        register("a");
        register("a");
        register("ns/b");
        assertThat(registry().get("a").version()).isEqualTo(2);
        assertThat(registry().get("ns/b").version()).isEqualTo(1);
        assertThat(registry().models()).extracting(ModelSummary::name).containsExactly("a", "ns/b");
        assertThat(registry().models().get(0)).isEqualTo(new ModelSummary("a", 2, 0, 2));
    }

    @Test
    @DisplayName("concurrent registrations from two registries get exactly versions 1..N")
    default void concurrentRegistrations() throws Exception {
        ModelRegistry other = open(b -> { });
        int n = 64;
        List<Integer> versions = concurrently(n, () -> {
            ModelRegistry r = Thread.currentThread().getId() % 2 == 0 ? registry() : other;
            return r.register(RegisterRequest.builder("race",
                    ArtifactSource.of(TckModels.bytes(512, System.nanoTime()))).build()).version();
        });
        assertThat(versions).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
        assertThat(registry().versions("race")).extracting(ModelVersion::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
        assertThat(registry().verifyAudit().valid()).isTrue();
    }

    @Test
    @DisplayName("a retried registration with the same idempotency key returns the first version")
    default void idempotency() throws Exception {
        byte[] bytes = TckModels.bytes(100, 7);
        List<Integer> versions = concurrently(16, () -> registry().register(
                RegisterRequest.builder("idem", ArtifactSource.of(bytes)).idempotencyKey("k-1")
                        .build()).version());
        assertThat(versions).containsOnly(1);
        assertThat(registry().versions("idem")).hasSize(1);
        assertThat(register("idem").version()).isEqualTo(2);
        assertThat(registry().register(RegisterRequest.builder("other", ArtifactSource.of(bytes))
                .idempotencyKey("k-1").build()).version()).as("keys are per model").isEqualTo(1);
    }

    @Test
    @DisplayName("an idempotency key reused for different bytes is a conflict")
    default void idempotencyConflict() {
        registry().register(RegisterRequest.builder("idem", ArtifactSource.of(new byte[] {1}))
                .idempotencyKey("k").build());
        assertThatThrownBy(() -> registry().register(RegisterRequest.builder("idem",
                ArtifactSource.of(new byte[] {2})).idempotencyKey("k").build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("idem:1");
        assertThat(registry().versions("idem")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", "a/../b", "a/b/c", "/abs", "a\\b", "a\nb", " x", "x y",
            "", "a@b", "a:b", "-x"})
    @DisplayName("malformed model names are refused before anything is written")
    default void badNames(String name) {
        assertThatThrownBy(() -> register(name)).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry().models()).isEmpty();
    }

    @Test
    @DisplayName("unknown models, versions and aliases are not found")
    default void notFound() {
        assertThatThrownBy(() -> registry().get("nope")).isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("nope");
        register("m");
        assertThatThrownBy(() -> registry().get("m:2")).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> registry().get("m@champion"))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("champion");
        assertThatThrownBy(() -> registry().get("m@production"))
                .isInstanceOf(ModelNotFoundException.class);
        assertThat(registry().find("m:2")).isEmpty();
        assertThat(registry().find("m")).isPresent();
    }
}
