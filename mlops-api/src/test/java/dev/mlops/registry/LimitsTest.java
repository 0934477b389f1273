package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LimitsTest {

    private static RegisterRequest.Builder request() {
        return RegisterRequest.builder("m", ArtifactSource.of(new byte[] {1}));
    }

    @Test
    @DisplayName("keys at the limit pass; one character more is refused naming the limit")
    void keys() {
        String key = "k".repeat(Limits.MAX_KEY_LENGTH);
        assertThat(request().tag(key, "v").param(key, "v").metric(key, 1).build().tags())
                .containsKey(key);
        assertThatThrownBy(() -> request().tag(key + "k", "v").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag key").hasMessageContaining("251 characters")
                .hasMessageContaining("the limit is 250");
        assertThatThrownBy(() -> request().metric("x".repeat(60_000), 1).build())
                .hasMessageContaining("metric key").hasMessageContaining("the limit is 250");
        assertThatThrownBy(() -> request().param("", "v").build())
                .hasMessageContaining("param key must not be empty");
        assertThatThrownBy(() -> request().tag("a\u001b[31mb", "v").build())
                .hasMessageContaining("control character (U+001B)");
    }

    @Test
    @DisplayName("values, descriptions and counts have their limits")
    void values() {
        assertThatThrownBy(() -> request().tag("k", "v".repeat(Limits.MAX_TAG_VALUE_LENGTH + 1))
                .build()).hasMessageContaining("tag 'k'").hasMessageContaining("the limit is 8000");
        assertThatThrownBy(() -> request().param("k", "v".repeat(Limits.MAX_PARAM_VALUE_LENGTH + 1))
                .build()).hasMessageContaining("param 'k'");
        assertThatThrownBy(() -> request().description("d".repeat(Limits.MAX_DESCRIPTION_LENGTH + 1))
                .build()).hasMessageContaining("description").hasMessageContaining("5000");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= Limits.MAX_ENTRIES; i++) {
            many.put("t" + i, "v");
        }
        assertThatThrownBy(() -> request().tags(many).build())
                .hasMessageContaining("1001 tags given; the limit is 1000");
        assertThatThrownBy(() -> request().format("a\nb").build()).hasMessageContaining("format");
        assertThatThrownBy(() -> request().idempotencyKey("k".repeat(201)).build())
                .hasMessageContaining("idempotency key");
    }

    @Test
    @DisplayName("multi-line text is allowed, but not NUL or a broken surrogate, which stores cannot hold")
    void text() {
        assertThat(request().description("line one\nline two\t\u001b[0m").build().description())
                .contains("\n");
        assertThatThrownBy(() -> request().tag("k", "a\u0000b").build())
                .hasMessageContaining("NUL character at position 2");
        assertThatThrownBy(() -> request().description("a\ud800b").build())
                .hasMessageContaining("unpaired surrogate character at position 2");
        assertThat(request().tag("k", "emoji \ud83d\ude00").build().tags()).containsValue("emoji \ud83d\ude00");
    }

    @Test
    @DisplayName("metadata updates, performance records, evidence and jobs are held to the same limits")
    void everyEntryPoint() {
        String long250 = "k".repeat(251);
        assertThatThrownBy(() -> MetadataUpdate.tags(Map.of(long250, "v")))
                .hasMessageContaining("tag key");
        assertThatThrownBy(() -> new MetadataUpdate(Map.of(), Map.of(), Set.of(long250), Optional.empty()))
                .hasMessageContaining("tag key");
        assertThatThrownBy(() -> MetadataUpdate.description("d".repeat(5001)))
                .hasMessageContaining("description");
        assertThatThrownBy(() -> new PerformanceRecord(java.time.Instant.EPOCH, Map.of(long250, 1.0), 1))
                .hasMessageContaining("metric key");
        assertThatThrownBy(() -> new Evidence("kind\n", java.time.Instant.EPOCH, "ann", "{}"))
                .hasMessageContaining("evidence kind");
        assertThatThrownBy(() -> new JobRecord("j", "m", "training", "x".repeat(101),
                java.time.Instant.EPOCH, "{}")).hasMessageContaining("job status");
        assertThatThrownBy(() -> new Lineage("", "f\u0000", "")).hasMessageContaining("fingerprint");
    }
}
