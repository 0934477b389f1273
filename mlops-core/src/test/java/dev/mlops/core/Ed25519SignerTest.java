package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.spi.ArtifactSigner;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519SignerTest {

    @TempDir
    Path dir;

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
    @DisplayName("services verify with the public key alone, which cannot register")
    void verifyOnly() {
        KeyPair keys = Ed25519Signer.generateKeys();
        String uri = "file:" + dir;
        try (ModelRegistry build = ModelRegistries.builder(uri).signer(Ed25519Signer.of(keys)).open()) {
            build.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {4, 2})).build());
        }
        String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        try (ModelRegistry service = ModelRegistries.builder(uri)
                .signer(Ed25519Signer.verifying(publicKey)).open()) {
            assertThat(service.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.VALID);
            assertThat(service.readArtifact("m:1")).containsExactly(4, 2);
            assertThatThrownBy(() -> service.register(RegisterRequest.builder("m",
                    ArtifactSource.of(new byte[] {1})).build()))
                    .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("cannot sign");
        }
        try (ModelRegistry other = ModelRegistries.builder(uri)
                .signer(Ed25519Signer.verifying(Ed25519Signer.generateKeys().getPublic())).open()) {
            assertThat(other.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.INVALID);
            assertThatThrownBy(() -> other.readArtifact("m:1")).isInstanceOf(IntegrityException.class);
        }
    }

    @Test
    @DisplayName("a malformed public key is a configuration error")
    void badKey() {
        assertThatThrownBy(() -> Ed25519Signer.verifying("not a key"))
                .isInstanceOf(MlopsConfigurationException.class);
    }
}
