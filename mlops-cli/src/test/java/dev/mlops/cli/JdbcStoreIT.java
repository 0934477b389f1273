package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The command on a JDBC store")
class JdbcStoreIT {

    @TempDir
    Path dir;

    @Test
    @DisplayName("works with a jdbc:h2: URI as it does with file:, also from $MLOPS_STORE")
    void h2() throws Exception {
        MlopsProcess mlops = new MlopsProcess(dir).with("MLOPS_STORE", "jdbc:h2:./registry");
        Path artifact = Files.write(dir.resolve("model.bin"), new byte[] {9, 8, 7});
        JsonNode v = mlops.run("models", "register", "churn", "--artifact", artifact.toString(),
                "--format", "json").expect(0).json();
        assertThat(v.get("version").asInt()).isEqualTo(1);
        mlops.run("models", "promote", "churn", "1", "--to", "testing", "--reason", "on h2")
                .expect(0);
        mlops.run("models", "verify", "churn:1").expect(0);
        JsonNode history = mlops.run("models", "history", "churn", "--format", "json").expect(0)
                .json();
        assertThat(history.get(1).get("reason").asText()).isEqualTo("on h2");
        mlops.run("audit", "verify").expect(0);
        assertThat(dir.resolve("mlops-store")).as("the default file store is not used").doesNotExist();
    }
}
