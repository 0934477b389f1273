package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.Ed25519Signer;
import dev.mlops.core.HmacSha256Signer;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.security.KeyPair;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A store can require signatures: then a registry without the key refuses to load, read, verify or
 * change anything, whatever its own configuration, while it may still list and show.
 */
interface SignatureRequirementTests extends TckGroup {

    String KEY = "required-key-required-key-required";

    default ModelRegistry signed() {
        return open(b -> b.signer(HmacSha256Signer.of(KEY)));
    }

    @Test
    @DisplayName("without a key, a registry refuses to load, read, verify or change; it may still list")
    default void keylessRefused() {
        ModelRegistry signing = signed();
        signing.register(RegisterRequest.builder("sig", ArtifactSource.of(TckModels.constant("yes")))
                .format(TckModels.ConstantFormat.NAME).build());
        assertThat(registry().signaturesRequired()).isFalse();
        signing.requireSignatures();
        signing.requireSignatures();

        ModelRegistry keyless = open(b -> { });
        assertThat(keyless.signaturesRequired()).isTrue();
        assertThat(keyless.get("sig").version()).isEqualTo(1);
        assertThat(keyless.history("sig")).hasSize(1);
        for (Runnable refused : new Runnable[] {
            () -> keyless.load("sig:1", TckModels.FORMAT),
            () -> keyless.readArtifact("sig:1"),
            () -> keyless.downloadArtifact("sig:1", fixture().temp().resolve("out.bin")),
            () -> keyless.verify("sig:1"),
            () -> keyless.verifyAudit(),
            () -> keyless.promote("sig", 1, Stage.TESTING, "no key"),
            () -> keyless.register(RegisterRequest.builder("sig", ArtifactSource.of(new byte[] {1})).build())}) {
            assertThatThrownBy(refused::run).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("requires signatures");
        }
        assertThat(keyless.versions("sig")).hasSize(1);
        assertThat(signing.load("sig:1", TckModels.FORMAT).predict()).isEqualTo("yes");
        assertThat(signing.verifyAudit().problems()).isEmpty();
    }

    @Test
    @DisplayName("only a registry that can sign may make a store require signatures")
    default void onlySigners() {
        assertThatThrownBy(() -> registry().requireSignatures())
                .isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("signing key");
        KeyPair keys = Ed25519Signer.generateKeys();
        ModelRegistry verifying = open(b -> b.signer(Ed25519Signer.verifying(keys.getPublic())));
        assertThatThrownBy(verifying::requireSignatures).isInstanceOf(MlopsConfigurationException.class);
        assertThat(registry().signaturesRequired()).isFalse();
    }

    @Test
    @DisplayName("a verifying key may load from such a store but not change it")
    default void verifyingKey() {
        KeyPair keys = Ed25519Signer.generateKeys();
        ModelRegistry build = open(b -> b.signer(Ed25519Signer.of(keys)));
        build.register(RegisterRequest.builder("ed", ArtifactSource.of(TckModels.constant("ok")))
                .format(TckModels.ConstantFormat.NAME).build());
        build.requireSignatures();
        ModelRegistry service = open(b -> b.signer(Ed25519Signer.verifying(keys.getPublic())));
        assertThat(service.load("ed:1", TckModels.FORMAT).predict()).isEqualTo("ok");
        assertThat(service.verifyAudit().problems()).isEmpty();
        assertThatThrownBy(() -> service.setAlias("ed", "champion", 1))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("verifying key only");
    }

    @Test
    @DisplayName("the requirement outlives closing and reopening the store")
    default void persists() {
        fixture().require(StoreCapability.PERSISTENCE);
        signed().requireSignatures();
        fixture().close();
        assertThat(open(b -> { }).signaturesRequired()).isTrue();
    }
}
