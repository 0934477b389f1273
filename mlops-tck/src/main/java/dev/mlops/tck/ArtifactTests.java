package dev.mlops.tck;

import static dev.mlops.tck.TckGroup.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Artifacts: bytes of any size come back exactly, are stored once, and load as typed models. */
interface ArtifactTests extends TckGroup {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 1024 * 1024 + 1, 8 * 1024 * 1024})
    @DisplayName("bytes come back exactly, through read and download")
    default void roundTrip(int size) throws Exception {
        byte[] bytes = TckModels.bytes(size, size);
        ModelVersion v = register("blob", bytes);
        assertThat(v.sha256()).isEqualTo(sha256(bytes));
        assertThat(registry().readArtifact("blob:1")).isEqualTo(bytes);
        Path out = fixture().temp().resolve("out.bin");
        registry().downloadArtifact("blob:1", out);
        assertThat(Files.readAllBytes(out)).isEqualTo(bytes);
        assertThat(registry().verify("blob:1").intact()).isTrue();
    }

    @Test
    @DisplayName("identical bytes are stored once and shared by versions")
    default void deduplicated() {
        byte[] bytes = TckModels.bytes(2048, 3);
        ModelVersion a = register("a", bytes);
        ModelVersion b = register("b", bytes);
        assertThat(a.sha256()).isEqualTo(b.sha256());
        assertThat(registry().readArtifact("b:1")).isEqualTo(bytes);
    }

    @Test
    @DisplayName("a model loads by reference as a typed model, once")
    default void loadModel() {
        registry().register(RegisterRequest.builder("clf",
                ArtifactSource.of(TckModels.constant("yes"))).format(TckModels.ConstantFormat.NAME).build());
        TckModels.ConstantModel model = registry().load("clf:1", TckModels.FORMAT);
        assertThat(model.predict()).isEqualTo("yes");
        assertThat(registry().load("clf:1", TckModels.FORMAT)).isSameAs(model);
    }

    @Test
    @DisplayName("an artifact of another format is refused before it is read")
    default void formatMismatch() {
        registry().register(RegisterRequest.builder("raw", ArtifactSource.of(new byte[] {1, 2}))
                .format("onnx").build());
        assertThatThrownBy(() -> registry().load("raw:1", TckModels.FORMAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onnx");
    }

    @Test
    @DisplayName("bytes that are not a model fail to load with an integrity error")
    default void notAModel() {
        registry().register(RegisterRequest.builder("junk", ArtifactSource.of(TckModels.bytes(300, 9)))
                .format(TckModels.ConstantFormat.NAME).build());
        assertThatThrownBy(() -> registry().load("junk:1", TckModels.FORMAT))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("junk:1");
    }
}
