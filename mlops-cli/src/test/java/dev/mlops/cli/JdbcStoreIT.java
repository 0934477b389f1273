package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
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

    @Test
    @DisplayName("two processes on one PostgreSQL registry see each other's promotions and alias moves")
    void postgres() throws Exception {
        String schema = "mlops_cli_it_" + Long.toHexString(System.nanoTime());
        String server = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        try (Connection c = LocalPostgres.connect(server); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            String uri = server + "&currentSchema=" + schema;
            Path artifact = Files.write(dir.resolve("model.bin"), new byte[] {1, 2, 3});
            MlopsProcess ops = new MlopsProcess(dir).with("MLOPS_STORE", uri).with("MLOPS_ACTOR", "ops");
            MlopsProcess service = new MlopsProcess(dir).with("MLOPS_STORE", uri);
            for (int i = 0; i < 2; i++) {
                ops.run("models", "register", "churn", "--artifact", artifact.toString()).expect(0);
            }
            for (String stage : new String[] {"testing", "staging", "production"}) {
                ops.run("models", "promote", "churn", "2", "--to", stage).expect(0);
            }
            assertThat(service.run("models", "show", "churn@production", "--format", "json").expect(0)
                    .json().get("version").asInt()).isEqualTo(2);
            service.run("models", "alias", "churn", "champion", "1").expect(0);
            assertThat(ops.run("models", "show", "churn@champion", "--format", "json").expect(0)
                    .json().get("version").asInt()).isEqualTo(1);
            ops.run("models", "rollback", "churn", "--reason", "not yet").expect(4);
            JsonNode history = service.run("models", "history", "churn", "--format", "json").expect(0).json();
            assertThat(history.get(history.size() - 1).get("action").asText()).isEqualTo("alias");
            service.run("audit", "verify").expect(0);
        } finally {
            try (Connection c = LocalPostgres.connect(server); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
