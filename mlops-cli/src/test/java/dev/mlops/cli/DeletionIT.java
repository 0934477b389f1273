package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Deletion, retention and garbage collection through the command")
class DeletionIT {

    @TempDir
    Path dir;

    private Path artifact(String name, int size, long seed) throws Exception {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private long blobs() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("mlops-store").resolve("blobs"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    @DisplayName("delete leaves a tombstone, refuses production and aliased versions with exit 4, and gc removes the bytes")
    void deleteAndCollect() throws Exception {
        MlopsProcess mlops = new MlopsProcess(dir);
        for (int i = 1; i <= 3; i++) {
            mlops.run("models", "register", "churn", "--artifact", artifact("v" + i, 100, i).toString()).expect(0);
        }
        for (String stage : new String[] {"testing", "staging", "production"}) {
            mlops.run("models", "promote", "churn", "1", "--to", stage).expect(0);
        }
        mlops.run("models", "alias", "churn", "champion", "2").expect(0);
        int entries = mlops.run("models", "history", "churn", "--format", "json").expect(0).json().size();
        assertThat(mlops.run("models", "delete", "churn:1", "--reason", "r").expect(4).err()).contains("PRODUCTION");
        assertThat(mlops.run("models", "delete", "churn:2", "--reason", "r").expect(4).err()).contains("champion");
        assertThat(mlops.run("models", "history", "churn", "--format", "json").expect(0).json().size())
                .isEqualTo(entries);
        mlops.run("models", "delete", "churn", "--reason", "r").expect(2);
        mlops.run("models", "delete", "churn:3").expect(2);

        JsonNode deleted = mlops.run("models", "delete", "churn:3", "--reason", "erasure request 17",
                "--actor", "dpo", "--format", "json").expect(0).json();
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        JsonNode list = mlops.run("models", "list", "churn", "--format", "json").expect(0).json();
        assertThat(list.findValuesAsText("version")).containsExactly("1", "2");
        mlops.run("models", "show", "churn:3").expect(3);
        JsonNode history = mlops.run("models", "history", "churn", "--format", "json").expect(0).json();
        JsonNode tombstone = history.get(history.size() - 1);
        assertThat(tombstone.get("action").asText()).isEqualTo("delete");
        assertThat(tombstone.get("actor").asText()).isEqualTo("dpo");
        assertThat(tombstone.get("reason").asText()).isEqualTo("erasure request 17");
        mlops.run("audit", "verify").expect(0);
        JsonNode next = mlops.run("models", "register", "churn", "--artifact", artifact("v4", 100, 4).toString(),
                "--format", "json").expect(0).json();
        assertThat(next.get("version").asInt()).isEqualTo(4);

        // the bytes were stored a moment ago: they wait for gc, which a zero grace lets through
        assertThat(blobs()).isEqualTo(4);
        JsonNode kept = mlops.run("gc", "--format", "json").expect(0).json();
        assertThat(kept.get("kept").size()).isEqualTo(1);
        JsonNode gc = mlops.run("gc", "--grace", "PT0S", "--format", "json").expect(0).json();
        assertThat(gc.get("removed").get(0).asText()).isEqualTo(deleted.get("sha256").asText());
        assertThat(blobs()).isEqualTo(3);
        for (String v : new String[] {"1", "2", "4"}) {
            mlops.run("models", "verify", "churn:" + v).expect(0);
        }
    }

    @Test
    @DisplayName("retain deletes the archived versions beyond the newest N")
    void retain() throws Exception {
        MlopsProcess mlops = new MlopsProcess(dir);
        for (int i = 1; i <= 4; i++) {
            mlops.run("models", "register", "old", "--artifact", artifact("o" + i, 50, 10 + i).toString()).expect(0);
            mlops.run("models", "promote", "old", Integer.toString(i), "--to", "archived").expect(0);
        }
        JsonNode deleted = mlops.run("models", "retain", "old", "--keep-archived", "1", "--reason", "policy",
                "--format", "json").expect(0).json();
        assertThat(deleted.findValuesAsText("version")).containsExactly("1", "2", "3");
        assertThat(mlops.run("models", "list", "old", "--format", "json").expect(0).json()
                .findValuesAsText("version")).containsExactly("4");
        mlops.run("audit", "verify").expect(0);
    }

    /** Kills the processes still running after a random while each; waits for all; returns how many. */
    private static int killSome(List<Process> processes, Random random, String context) throws Exception {
        int killed = 0;
        for (Process process : processes) {
            Thread.sleep(random.nextInt(50, 700));
            if (process.isAlive()) {
                process.destroyForcibly();
                killed++;
            }
        }
        for (Process process : processes) {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(context).isTrue();
        }
        return killed;
    }

    @Test
    @DisplayName("processes killed with SIGKILL while deleting and collecting leave every listed version verifying and the audit chain valid")
    void killedMidDeletionAndCollection() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed " + seed;
        MlopsProcess mlops = new MlopsProcess(dir);
        int versions = 12;
        for (int i = 1; i <= versions; i++) {
            // every third version shares its bytes with the one before, so deletions meet shared bytes
            Path bytes = artifact("big-" + (i - (i % 3 == 0 ? 1 : 0)), 4 << 20, i - (i % 3 == 0 ? 1 : 0));
            mlops.run("models", "register", "big", "--artifact", bytes.toString()).expect(0);
        }
        int killed = 0;
        for (int round = 0; round < 3; round++) {
            List<Process> deleting = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                deleting.add(mlops.start("models", "delete", "big:" + (1 + round * 3 + k), "--reason", "round " + round));
            }
            deleting.add(mlops.start("gc", "--grace", "PT0S"));
            killed += killSome(deleting, random, context);
            // registrations race only a collection whose grace period is far longer than they take
            List<Process> registering = new ArrayList<>();
            registering.add(mlops.start("models", "register", "big", "--artifact",
                    artifact("late-" + round, 4 << 20, 100 + round).toString()));
            registering.add(mlops.start("gc", "--grace", "PT60S"));
            killed += killSome(registering, random, context);
        }
        System.out.printf("DeletionIT (%s): %d processes killed while running%n", context, killed);
        JsonNode list = mlops.run("models", "list", "big", "--format", "json").expect(0).json();
        for (JsonNode v : list) {
            mlops.run("models", "verify", "big:" + v.get("version").asInt()).expect(0);
        }
        mlops.run("audit", "verify").expect(0);
        // what a killed process left behind is finished by the next ones
        mlops.run("gc", "--grace", "PT0S").expect(0);
        for (JsonNode v : mlops.run("models", "list", "big", "--format", "json").expect(0).json()) {
            mlops.run("models", "verify", "big:" + v.get("version").asInt()).expect(0);
        }
        mlops.run("audit", "verify").expect(0);
    }
}
