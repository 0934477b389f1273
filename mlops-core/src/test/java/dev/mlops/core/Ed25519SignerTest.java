package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.spi.ArtifactSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Ed25519SignerTest {

    @Test
    @DisplayName("a signature verifies with the public key, and not with another key or message")
    void signAndVerify() {
        Ed25519Signer signer = Ed25519Signer.of(Ed25519Signer.generateKeys());
        byte[] message = ArtifactSigner.message("churn", "ab".repeat(32), 10);
        byte[] signature = signer.sign(message);
        assertThat(signer.verify(message, signature)).isTrue();
        assertThat(signer.verify(ArtifactSigner.message("churn", "ab".repeat(32), 11), signature)).isFalse();
        assertThat(Ed25519Signer.of(Ed25519Signer.generateKeys()).verify(message, signature)).isFalse();
        assertThat(signer.verify(message, new byte[] {1, 2, 3})).isFalse();
        assertThat(signer.keyId()).startsWith("ed25519:");
    }

    @Test
    @DisplayName("a malformed public key is a configuration error")
    void badKey() {
        assertThatThrownBy(() -> Ed25519Signer.verifying("not a key"))
                .isInstanceOf(MlopsConfigurationException.class);
    }
}
