package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import java.util.EnumSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArtifactVerificationTest {

    @Test
    @DisplayName("a load may proceed on a valid, an unchecked or no signature, never on a missing or invalid one")
    void acceptableStatuses() {
        assertThat(EnumSet.allOf(SignatureStatus.class).stream().filter(SignatureStatus::acceptable))
                .containsExactlyInAnyOrder(SignatureStatus.VALID, SignatureStatus.UNSIGNED, SignatureStatus.UNCHECKED);
    }
}
