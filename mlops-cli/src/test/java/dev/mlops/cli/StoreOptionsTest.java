package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.StorageException;
import dev.mlops.validation.ValidationGate;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's mapping of environment variables to registry settings, on real stores. */
class StoreOptionsTest {

    @TempDir
    Path temp;

    private static StoreOptions options(String... args) {
        return CommandLine.populateCommand(new StoreOptions(), args);
    }

    private static ModelRegistry open(StoreOptions options, Map<String, String> environment) {
        return options.open(ValidationGate.refuseFailedReport(), environment);
    }

    @Test
    @DisplayName("MLOPS_STORE and MLOPS_ACTOR apply unless the options say otherwise; empty counts as unset")
    void storeAndActor() {
        String uri = "file:" + temp.resolve("store");
        try (ModelRegistry registry = open(options(), Map.of("MLOPS_STORE", uri, "MLOPS_ACTOR", "ops"))) {
            assertThat(registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {1})).build())
                    .createdBy()).isEqualTo("ops");
        }
        try (ModelRegistry registry = open(options("--store", uri, "--actor", "alice"), Map.of("MLOPS_ACTOR", "ops"))) {
            assertThat(registry.get("m:1").createdBy()).isEqualTo("ops");
            assertThat(registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {2})).build())
                    .createdBy()).isEqualTo("alice");
        }
        assertThat(options().storeUri()).isIn(StoreOptions.DEFAULT_STORE, System.getenv("MLOPS_STORE"));
        try (ModelRegistry registry = open(options("--store", uri), Map.of("MLOPS_ACTOR", ""))) {
            assertThat(registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {3})).build())
                    .createdBy()).isEqualTo(System.getProperty("user.name"));
        }
    }

    @Test
    @DisplayName("MLOPS_SIGNING_KEY signs new versions and makes signatures mandatory")
    void signingKey() {
        StoreOptions options = options("--store", "file:" + temp.resolve("signed"));
        Map<String, String> keyA = Map.of("MLOPS_SIGNING_KEY", "a".repeat(32));
        try (ModelRegistry registry = open(options, keyA)) {
            assertThat(registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {1})).build())
                    .signature().isPresent()).isTrue();
            assertThat(registry.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.VALID);
        }
        try (ModelRegistry registry = open(options, Map.of("MLOPS_SIGNING_KEY", "b".repeat(32)))) {
            assertThat(registry.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.INVALID);
        }
        try (ModelRegistry registry = open(options, Map.of())) {
            assertThat(registry.verify("m:1").signatureStatus()).isEqualTo(SignatureStatus.UNCHECKED);
        }
    }

    @Test
    @DisplayName("MLOPS_JDBC_USER and MLOPS_JDBC_PASSWORD are the credentials unless the URL has its own")
    void jdbcCredentials() {
        String url = "jdbc:h2:file:" + temp.resolve("credentials").toAbsolutePath();
        Map<String, String> environment = Map.of("MLOPS_JDBC_USER", "envuser", "MLOPS_JDBC_PASSWORD", "envpass");
        // H2 creates a new database for whoever connects first, then requires the same credentials.
        try (ModelRegistry registry = open(options("--store", url), environment)) {
            assertThat(registry.models()).isEmpty();
        }
        try (ModelRegistry registry = open(options("--store", url + ";USER=envuser;PASSWORD=envpass"), Map.of())) {
            assertThat(registry.models()).isEmpty();
        }
        assertThatThrownBy(() -> open(options("--store", url), Map.of("MLOPS_JDBC_USER", "envuser",
                "MLOPS_JDBC_PASSWORD", "wrong"))).isInstanceOf(StorageException.class).hasMessageNotContaining("wrong");
        assertThatThrownBy(() -> open(options("--store", url + ";USER=other"), environment))
                .as("the URL's user wins over the environment's").isInstanceOf(StorageException.class);
    }

    @Test
    @DisplayName("the secrets of the environment and passwords in URLs are masked in what the command prints")
    void masked() {
        Map<String, String> environment = Map.of("MLOPS_JDBC_PASSWORD", "pw-from-env",
                "MLOPS_SIGNING_KEY", "signing-key-from-env");
        assertThat(StoreOptions.masked("login pw-from-env failed with key signing-key-from-env at"
                + " jdbc:h2:./x;PASSWORD=inline and jdbc:postgresql://u:userinfo@h/db", environment))
                .isEqualTo("login *** failed with key *** at jdbc:h2:./x;PASSWORD=*** and"
                        + " jdbc:postgresql://u:***@h/db");
        assertThat(StoreOptions.masked("nothing secret", Map.of("MLOPS_JDBC_PASSWORD", "")))
                .isEqualTo("nothing secret");
    }
}
