package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.spi.ArtifactSigner;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HmacSha256SignerTest {

    @Test
    @DisplayName("signatures are RFC 4231 HMAC-SHA256")
    void rfc4231() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        byte[] mac = HmacSha256Signer.of("Jefe").sign(
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    @DisplayName("a signature verifies with its key only, and the key id differs between keys")
    void keys() {
        ArtifactSigner one = HmacSha256Signer.of("first-key-first-key-first-key-01");
        ArtifactSigner two = HmacSha256Signer.of("second-key-second-key-second-k02");
        byte[] message = ArtifactSigner.message("churn", "ab".repeat(32), 10);
        byte[] signature = one.sign(message);
        assertThat(one.verify(message, signature)).isTrue();
        assertThat(two.verify(message, signature)).isFalse();
        assertThat(one.verify(ArtifactSigner.message("other", "ab".repeat(32), 10), signature)).isFalse();
        assertThat(one.keyId()).isNotEqualTo(two.keyId()).startsWith("hmac:")
                .isEqualTo(HmacSha256Signer.of("first-key-first-key-first-key-01").keyId());
        assertThat(one.keyId()).doesNotContain("first-key");
    }

    @Test
    @DisplayName("an empty key is a configuration error")
    void emptyKey() {
        assertThatThrownBy(() -> HmacSha256Signer.of(new byte[0]))
                .isInstanceOf(MlopsConfigurationException.class);
    }
}
