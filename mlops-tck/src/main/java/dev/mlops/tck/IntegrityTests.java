package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.Ed25519Signer;
import dev.mlops.core.HmacSha256Signer;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Integrity: damaged bytes and wrong signatures are refused before anything is read. */
interface IntegrityTests extends TckGroup {

    @Test
    @DisplayName("one flipped byte fails verification and refuses reads, downloads and loads")
    default void flippedByte() throws Exception {
        byte[] bytes = TckModels.constant("yes");
        ModelVersion v = registry().register(RegisterRequest.builder("m", ArtifactSource.of(bytes))
                .format(TckModels.ConstantFormat.NAME).build());
        fixture().corruptArtifact(v.sha256());
        var verification = registry().verify("m:1");
        assertThat(verification.intact()).isFalse();
        assertThat(verification.digestValid()).isFalse();
        assertThat(verification.actualSha256()).isNotEqualTo(v.sha256());
        assertThatThrownBy(() -> registry().readArtifact("m:1")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("m:1");
        Path out = fixture().temp().resolve("download.bin");
        assertThatThrownBy(() -> registry().downloadArtifact("m:1", out))
                .isInstanceOf(IntegrityException.class);
        assertThat(out).doesNotExist();
        assertThat(Files.list(fixture().temp()).filter(p -> p.getFileName().toString().endsWith(".part")))
                .isEmpty();
        assertThatThrownBy(() -> open(b -> { }).load("m:1", TckModels.FORMAT))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    @DisplayName("registering bytes whose stored copy was damaged stores them whole again")
    default void repairsDamagedCopy() throws Exception {
        byte[] bytes = TckModels.bytes(4096, 5);
        ModelVersion first = register("fix", bytes);
        fixture().corruptArtifact(first.sha256());
        assertThat(registry().verify("fix:1").intact()).isFalse();
        register("fix", bytes);
        assertThat(registry().verify("fix:2").intact()).isTrue();
        assertThat(registry().readArtifact("fix:2")).isEqualTo(bytes);
    }

    @Test
    @DisplayName("Ed25519: services verify with the public key alone, which cannot register")
    default void ed25519VerifyOnly() {
        KeyPair keys = Ed25519Signer.generateKeys();
        ModelRegistry build = open(b -> b.signer(Ed25519Signer.of(keys)));
        build.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {4, 2})).build());
        String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        ModelRegistry service = open(b -> b.signer(Ed25519Signer.verifying(publicKey)));
        assertThat(service.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.VALID);
        assertThat(service.readArtifact("m:1")).containsExactly(4, 2);
        assertThatThrownBy(() -> service.register(RegisterRequest.builder("m",
                ArtifactSource.of(new byte[] {1})).build()))
                .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("cannot sign");
        ModelRegistry other = open(b -> b.signer(Ed25519Signer.verifying(Ed25519Signer.generateKeys().getPublic())));
        assertThat(other.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.INVALID);
        assertThatThrownBy(() -> other.readArtifact("m:1")).isInstanceOf(IntegrityException.class);
    }

    @Test
    @DisplayName("signatures verify with the key that made them and fail with any other")
    default void signatures() {
        ModelRegistry signing = open(b -> b.signer(HmacSha256Signer.of("key-one-key-one-key-one-key-one")));
        ModelVersion v = signing.register(RegisterRequest.builder("s",
                ArtifactSource.of(TckModels.constant("a"))).format(TckModels.ConstantFormat.NAME).build());
        assertThat(v.signature().isPresent()).isTrue();
        assertThat(signing.verify("s:1").signatureStatus()).isEqualTo(SignatureStatus.VALID);
        assertThat(signing.load("s:1", TckModels.FORMAT)).isNotNull();

        ModelRegistry otherKey = open(b -> b.signer(HmacSha256Signer.of("key-two-key-two-key-two-key-two")));
        var verification = otherKey.verify("s:1");
        assertThat(verification.intact()).isFalse();
        assertThat(verification.signatureStatus()).isEqualTo(SignatureStatus.INVALID);
        assertThat(verification.message()).contains(v.signature().keyId());
        assertThatThrownBy(() -> otherKey.load("s:1", TckModels.FORMAT))
                .isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> otherKey.readArtifact("s:1")).isInstanceOf(IntegrityException.class);

        assertThat(registry().verify("s:1").signatureStatus()).isEqualTo(SignatureStatus.UNCHECKED);
        register("u");
        assertThat(signing.verify("u:1").signatureStatus()).isEqualTo(SignatureStatus.MISSING);
        assertThatThrownBy(() -> signing.readArtifact("u:1")).isInstanceOf(IntegrityException.class);
    }
}
