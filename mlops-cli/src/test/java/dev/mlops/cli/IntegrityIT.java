package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Tampered artifacts")
class IntegrityIT {

    private static final String KEY_A = "signing-key-A-with-at-least-32-bytes!";
    private static final String KEY_B = "signing-key-B-with-at-least-32-bytes!";

    @TempDir
    Path dir;

    private Path artifact() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        return Files.write(dir.resolve("model.bin"), bytes);
    }

    @Nested
    @DisplayName("a single flipped byte in a stored blob")
    class FlippedByte {

        @Test
        @DisplayName("makes verify exit 1 and download exit 5 without creating the output file")
        void detected() throws Exception {
            MlopsProcess mlops = new MlopsProcess(dir);
            JsonNode v = mlops.run("models", "register", "churn", "--artifact",
                    artifact().toString(), "--format", "json").expect(0).json();
            mlops.run("models", "verify", "churn:1").expect(0);

            String sha256 = v.get("sha256").asText();
            StoreFiles.flipOneByte(StoreFiles.blob(dir.resolve("mlops-store"), sha256));

            MlopsProcess.Result verify = mlops.run("models", "verify", "churn:1").expect(1);
            assertThat(verify.out()).startsWith("FAILED").contains(sha256);
            JsonNode check = mlops.run("models", "verify", "churn", "--format", "json")
                    .expect(1).json();
            assertThat(check.get("intact").asBoolean()).isFalse();
            assertThat(check.get("digestValid").asBoolean()).isFalse();
            assertThat(check.get("actualSha256").asText()).isNotEqualTo(sha256);

            Path out = dir.resolve("downloads").resolve("churn.bin");
            Files.createDirectories(out.getParent());
            MlopsProcess.Result download = mlops.run("models", "download", "churn:1", "--out",
                    out.toString()).expect(5);
            assertThat(download.err()).startsWith("mlops: ").contains("churn:1");
            assertThat(download.out()).isEmpty();
            try (Stream<Path> left = Files.list(out.getParent())) {
                assertThat(left).as("no output file, not even a partial one").isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("with MLOPS_SIGNING_KEY set")
    class Signed {

        @Test
        @DisplayName("the same key verifies and a different key fails verification")
        void differentKeyFails() throws Exception {
            MlopsProcess signer = new MlopsProcess(dir).with("MLOPS_SIGNING_KEY", KEY_A);
            JsonNode v = signer.run("models", "register", "churn", "--artifact",
                    artifact().toString(), "--format", "json").expect(0).json();
            assertThat(v.get("signature").get("algorithm").asText()).isEqualTo("HmacSHA256");

            assertThat(signer.run("models", "verify", "churn:1").expect(0).out()).startsWith("OK");

            MlopsProcess other = new MlopsProcess(dir).with("MLOPS_SIGNING_KEY", KEY_B);
            JsonNode check = other.run("models", "verify", "churn:1", "--format", "json")
                    .expect(1).json();
            assertThat(check.get("intact").asBoolean()).isFalse();
            assertThat(check.get("digestValid").asBoolean()).isTrue();
            assertThat(check.get("signature").asText()).isEqualTo("INVALID");

            Path out = dir.resolve("out.bin");
            other.run("models", "download", "churn:1", "--out", out.toString()).expect(5);
            assertThat(out).doesNotExist();
            signer.run("models", "download", "churn:1", "--out", out.toString()).expect(0);
            assertThat(out).hasSameBinaryContentAs(dir.resolve("model.bin"));
        }
    }
}
