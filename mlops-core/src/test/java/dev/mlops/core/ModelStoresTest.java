package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelStoresTest {

    @Test
    @DisplayName("a scheme without provider names the artifact to add")
    void missingProvider() {
        assertThatThrownBy(() -> ModelStores.open("jdbc:postgresql://db/models", Map.of()))
                .isInstanceOf(MlopsConfigurationException.class)
                .hasMessageContaining("Add dev.mlops:mlops-registry-jdbc to the class path.");
        assertThatThrownBy(() -> ModelStores.open("mem:orders-test", Map.of()))
                .isInstanceOf(MlopsConfigurationException.class)
                .hasMessageContaining("Add dev.mlops:mlops-tck to the test class path")
                .hasMessageContaining("(the in-memory store is for tests).");
        assertThatThrownBy(() -> ModelStores.open("s3://bucket/models", Map.of()))
                .isInstanceOf(MlopsConfigurationException.class)
                .hasMessageContaining("'s3:'")
                .hasMessageContaining("Known schemes: file (mlops-registry-fs), jdbc (mlops-registry-jdbc),"
                        + " mem (mlops-tck, for tests).");
    }

    @Test
    @DisplayName("a URI without scheme is refused with a suggestion")
    void noScheme() {
        assertThatThrownBy(() -> ModelStores.open("./models", Map.of()))
                .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("file:./models");
        assertThatThrownBy(() -> ModelStores.open(" ", Map.of()))
                .isInstanceOf(MlopsConfigurationException.class);
    }

    @Test
    @DisplayName("passwords are hidden in messages")
    void redaction() {
        assertThat(ModelStores.redact("jdbc:postgresql://db/x?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/x?user=a&password=***&ssl=true");
        assertThat(ModelStores.redact("jdbc:mysql://bob:s3cret@db/x")).isEqualTo("jdbc:mysql://bob:***@db/x");
    }
}
