package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetadataUpdateTest {

    @Test
    @DisplayName("each factory changes one part and keeps the rest")
    void factories() {
        assertThat(MetadataUpdate.metrics(Map.of("auc", 0.9)))
                .isEqualTo(new MetadataUpdate(Map.of("auc", 0.9), Map.of(), Set.of(), Optional.empty()));
        assertThat(MetadataUpdate.tags(Map.of("team", "risk")))
                .isEqualTo(new MetadataUpdate(Map.of(), Map.of("team", "risk"), Set.of(), Optional.empty()));
        assertThat(MetadataUpdate.description("retrained on March data"))
                .isEqualTo(new MetadataUpdate(Map.of(), Map.of(), Set.of(), Optional.of("retrained on March data")));
    }

    @Test
    @DisplayName("a metric that is not a finite number is refused, naming it")
    void nonFiniteMetric() {
        assertThatThrownBy(() -> MetadataUpdate.metrics(Map.of("logLoss", Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'logLoss'");
    }
}
