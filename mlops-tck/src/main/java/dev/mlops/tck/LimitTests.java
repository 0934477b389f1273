package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.Limits;
import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stated limits of {@link Limits}: what they admit every store holds and gives back exactly;
 * what they refuse is refused before anything is stored, with the same message on every store.
 */
interface LimitTests extends TckGroup {

    /** Text that exercises every encoding a store must get right. */
    String TRICKY = "naïve \"quoted\" back\\slash, tab\tnew\nline, ESC\u001b[31m, 漢字, emoji \ud83d\ude00 ";

    /** {@code text} repeated and cut to exactly {@code length} characters, without splitting a pair. */
    static String fill(String text, int length) {
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            out.append(text);
        }
        out.setLength(length);
        if (Character.isHighSurrogate(out.charAt(length - 1))) {
            out.setCharAt(length - 1, 'x');
        }
        return out.toString();
    }

    /** A request with every text at its limit. */
    default RegisterRequest atLimits(String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < Limits.MAX_ENTRIES - 1; i++) {
            tags.put("tag-" + i, "v" + i);
        }
        String key = fill("k\u00e9y ", Limits.MAX_KEY_LENGTH);
        tags.put(key, fill(TRICKY, Limits.MAX_TAG_VALUE_LENGTH));
        return RegisterRequest.builder(name, ArtifactSource.of(new byte[] {7}))
                .format(fill("format ", Limits.MAX_LABEL_LENGTH))
                .description(fill(TRICKY, Limits.MAX_DESCRIPTION_LENGTH))
                .tags(tags)
                .param(key, fill(TRICKY, Limits.MAX_PARAM_VALUE_LENGTH))
                .metric(key, 0.5)
                .idempotencyKey(fill("idem ", Limits.MAX_IDEMPOTENCY_KEY_LENGTH))
                .build();
    }

    @Test
    @DisplayName("text at every limit is stored and read back exactly, also by another instance")
    default void atTheLimits() {
        RegisterRequest request = atLimits("limits");
        ModelVersion v = registry().register(request);
        String reason = fill(TRICKY, Limits.MAX_REASON_LENGTH);
        registry().promote("limits", 1, Stage.TESTING, reason);
        ModelVersion read = open(b -> { }).get("limits:1");
        assertThat(read.tags()).isEqualTo(request.tags());
        assertThat(read.params()).isEqualTo(request.params());
        assertThat(read.metrics()).isEqualTo(request.metrics());
        assertThat(read.description()).isEqualTo(request.description());
        assertThat(read.format()).isEqualTo(request.format());
        assertThat(read.stateDigest()).isEqualTo(v.withStage(Stage.TESTING).stateDigest());
        assertThat(open(b -> { }).history("limits").get(1).reason()).isEqualTo(reason);
        assertThat(registry().register(request).version()).as("same idempotency key").isEqualTo(1);
        assertThat(registry().models()).hasSize(1);
        assertThat(registry().verifyAudit().problems()).isEmpty();
    }

    @Test
    @DisplayName("one character over a limit is refused naming the limit, and nothing is stored")
    default void overTheLimits() {
        String key251 = "k".repeat(Limits.MAX_KEY_LENGTH + 1);
        List<Runnable> attempts = List.of(
                () -> registry().register(RegisterRequest.builder("over", ArtifactSource.of(new byte[] {1}))
                        .tag(key251, "v").build()),
                () -> registry().register(RegisterRequest.builder("over", ArtifactSource.of(new byte[] {1}))
                        .param("p", "v".repeat(Limits.MAX_PARAM_VALUE_LENGTH + 1)).build()),
                () -> registry().register(RegisterRequest.builder("over", ArtifactSource.of(new byte[] {1}))
                        .description("d".repeat(Limits.MAX_DESCRIPTION_LENGTH + 1)).build()));
        for (Runnable attempt : attempts) {
            assertThatThrownBy(attempt::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the limit is");
        }
        assertThat(registry().find("over")).isEmpty();
        register("over");
        assertThatThrownBy(() -> registry().promote("over", 1, Stage.TESTING,
                "r".repeat(Limits.MAX_REASON_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason")
                .hasMessageContaining("the limit is " + Limits.MAX_REASON_LENGTH);
        assertThatThrownBy(() -> registry().updateMetadata("over", 1, MetadataUpdate.tags(Map.of(key251, "v"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag key");
        assertThat(registry().history("over")).hasSize(1);
        assertThat(registry().get("over:1").stage()).isEqualTo(Stage.DRAFT);
    }

    @Test
    @DisplayName("the 60,000-character tag key of the adversarial run is refused and the store stays readable")
    default void hugeKey() {
        register("keep");
        assertThatThrownBy(() -> registry().register(RegisterRequest.builder("poison",
                ArtifactSource.of(new byte[] {1})).tag("x".repeat(60_000), "v").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 60000 characters; the limit is 250");
        ModelRegistry fresh = open(b -> { });
        assertThat(fresh.models()).extracting(m -> m.name()).containsExactly("keep");
        assertThat(fresh.get("keep").version()).isEqualTo(1);
        assertThat(fresh.verifyAudit().valid()).isTrue();
    }

    @Test
    @DisplayName("text no store can hold, NUL or a broken surrogate pair, is refused everywhere alike")
    default void unstorableText() {
        assertThatThrownBy(() -> registry().register(RegisterRequest.builder("nul",
                ArtifactSource.of(new byte[] {1})).tag("k", "a\u0000b").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> registry().register(RegisterRequest.builder("nul",
                ArtifactSource.of(new byte[] {1})).description("\udc00").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        assertThat(registry().models()).isEmpty();
    }
}
