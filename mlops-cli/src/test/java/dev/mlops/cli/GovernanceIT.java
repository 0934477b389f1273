package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Stored policies, approvals and audited refusals through the command")
class GovernanceIT {

    @TempDir
    Path dir;

    private MlopsProcess mlops;

    @BeforeEach
    void stagedVersion() throws Exception {
        mlops = new MlopsProcess(dir);
        Path artifact = Files.write(dir.resolve("v1.bin"), new byte[] {1, 2, 3});
        mlops.run("models", "register", "credit", "--artifact", artifact.toString(), "--actor", "trainer")
                .expect(0);
        for (String stage : new String[] {"testing", "staging"}) {
            mlops.run("models", "promote", "credit", "1", "--to", stage, "--actor", "trainer").expect(0);
        }
    }

    private Path policy(String json) throws Exception {
        return Files.writeString(dir.resolve("policy.json"), json);
    }

    @Test
    @DisplayName("a policy needing an approval refuses with exit 1, shows in history, and passes once another actor approves")
    void approvals() throws Exception {
        mlops.run("policy", "set", "credit", "--file", policy("{\"production\":{\"approvals\":1},"
                + "\"rollback\":{\"approvals\":1}}").toString(), "--actor", "lead").expect(0);
        JsonNode shown = mlops.run("policy", "show", "credit", "--format", "json").expect(0).json();
        assertThat(shown.at("/production/approvals").asInt()).isEqualTo(1);
        assertThat(shown.at("/rollback/approvals").asInt()).isEqualTo(1);
        assertThat(mlops.run("policy", "show", "credit").expect(0).out())
                .contains("PRODUCTION needs 1 approval; rollback needs 1 approval");

        MlopsProcess.Result refused = mlops.run("models", "promote", "credit", "1", "--to", "production",
                "--actor", "ops", "--reason", "release 7");
        refused.expect(1);
        assertThat(refused.err()).contains("0 of the 1 approvals");
        assertThat(mlops.run("models", "approve", "credit", "1", "--actor", "trainer").expect(0).out())
                .contains("does not count");
        mlops.run("models", "promote", "credit", "1", "--to", "production", "--actor", "ops").expect(1);

        JsonNode approval = mlops.run("models", "approve", "credit", "1", "--actor", "ann",
                "--reason", "report reviewed", "--format", "json").expect(0).json();
        assertThat(approval.get("action").asText()).isEqualTo("approve");
        assertThat(approval.get("actor").asText()).isEqualTo("ann");
        mlops.run("models", "promote", "credit", "1", "--to", "production", "--actor", "ops").expect(0);

        JsonNode history = mlops.run("models", "history", "credit", "--format", "json").expect(0).json();
        JsonNode first = null;
        for (JsonNode e : history) {
            if (e.get("action").asText().equals("promotion_refused") && first == null) {
                first = e;
            }
        }
        assertThat(first).isNotNull();
        assertThat(first.get("actor").asText()).isEqualTo("ops");
        assertThat(first.get("reason").asText()).contains("0 of the 1 approvals");
        assertThat(first.get("detail").asText()).isEqualTo("release 7");
        assertThat(mlops.run("models", "history", "credit").expect(0).out()).contains("promotion_refused");
        mlops.run("audit", "verify").expect(0);
    }

    @Test
    @DisplayName("a refused rollback exits 1 and is recorded as rollback_refused")
    void refusedRollback() throws Exception {
        mlops.run("models", "promote", "credit", "1", "--to", "production").expect(0);
        Path second = Files.write(dir.resolve("v2.bin"), new byte[] {4});
        mlops.run("models", "register", "credit", "--artifact", second.toString()).expect(0);
        for (String stage : new String[] {"testing", "staging", "production"}) {
            mlops.run("models", "promote", "credit", "2", "--to", stage).expect(0);
        }
        mlops.run("policy", "set", "credit", "--file", policy("{\"rollback\":{\"approvals\":1}}").toString())
                .expect(0);
        MlopsProcess.Result refused = mlops.run("models", "rollback", "credit", "--actor", "ops",
                "--reason", "incident", "--format", "json");
        refused.expect(1);
        assertThat(refused.json().at("/error/exitCode").asInt()).isEqualTo(1);
        JsonNode history = mlops.run("models", "history", "credit", "--format", "json").expect(0).json();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.get("action").asText()).isEqualTo("rollback_refused");
        assertThat(last.get("actor").asText()).isEqualTo("ops");
        assertThat(last.get("version").asInt()).isEqualTo(1);
        assertThat(mlops.run("models", "show", "credit@production", "--format", "json").expect(0)
                .json().get("version").asInt()).isEqualTo(2);
        mlops.run("audit", "verify").expect(0);
    }

    @Test
    @DisplayName("a policy with an unknown field or an impossible rule exits 2 naming it, and changes nothing")
    void badPolicies() throws Exception {
        MlopsProcess.Result unknown = mlops.run("policy", "set", "credit", "--file",
                policy("{\"production\":{\"aprovals\":2}}").toString());
        unknown.expect(2);
        assertThat(unknown.err()).contains("policy.json").contains("production.aprovals");
        MlopsProcess.Result impossible = mlops.run("policy", "set", "credit", "--file",
                policy("{\"production\":{\"approvals\":2,\"approvers\":[\"ann\"]}}").toString());
        impossible.expect(2);
        assertThat(impossible.err()).contains("'production'").contains("approvals");
        assertThat(mlops.run("models", "history", "credit", "--format", "json").expect(0).json().toString())
                .doesNotContain("\"policy\"");
        mlops.run("models", "approve", "credit", "9").expect(3);
    }
}
