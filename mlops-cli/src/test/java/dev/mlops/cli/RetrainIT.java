package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops retrain} as cron runs it, in child processes: credit:1 is trained on the first 150 rows
 * of credit-g and in production; the policy's data is the whole file.
 */
@DisplayName("mlops retrain decides by its policy, one process at a time")
class RetrainIT {

    @TempDir
    Path dir;

    private MlopsProcess mlops;
    private Path credit;

    @BeforeEach
    void champion() throws IOException {
        mlops = new MlopsProcess(dir);
        credit = Path.of(System.getProperty("mlops.data.dir"), "credit-g.csv").toAbsolutePath();
        Path first = Files.write(dir.resolve("first150.csv"), Files.readAllLines(credit).subList(0, 151));
        mlops.run("train", "--data", first.toString(), "--label", "class", "--register", "credit", "--folds", "0",
                "--seed", "1").expect(0);
        for (String stage : List.of("TESTING", "STAGING", "PRODUCTION")) {
            mlops.run("models", "promote", "credit", "1", "--to", stage).expect(0);
        }
    }

    private Path policy(String json) throws IOException {
        return Files.writeString(dir.resolve("policy-" + System.nanoTime() + ".json"), json);
    }

    private String data() {
        return "\"data\":{\"csv\":\"" + credit.toString().replace("\\", "\\\\") + "\"}";
    }

    private JsonNode versions() {
        return mlops.run("models", "list", "credit", "--format", "json").expect(0).json();
    }

    @Test
    @DisplayName("promotes a better challenger with its lineage, trigger and audit reason; the next run finds no trigger")
    void promotes() throws IOException {
        Path policy = policy("{\"label\":\"class\"," + data() + ",\"triggers\":{\"newRows\":500},"
                + "\"validation\":{\"holdoutFraction\":0.25,\"minImprovement\":{\"accuracy\":0.01}}}");
        JsonNode run = mlops.run("retrain", "credit", "--policy", policy.toString(), "--format", "json").expect(0).json();
        assertThat(run.get("decision").asText()).as(run.toString()).isEqualTo("promoted");
        assertThat(run.get("model").asText()).isEqualTo("credit");
        assertThat(run.get("champion").get("version").asInt()).isEqualTo(1);
        JsonNode challenger = run.get("challenger");
        assertThat(challenger.get("version").asInt()).isEqualTo(2);
        assertThat(challenger.get("stage").asText()).isEqualTo("PRODUCTION");
        assertThat(challenger.get("lineage").get("parent").asText()).isEqualTo("credit:1");
        assertThat(challenger.get("lineage").get("dataFingerprint").asText()).hasSize(64);
        assertThat(challenger.get("tags").get("retraining.trigger").asText()).isEqualTo("newRows");
        assertThat(challenger.get("tags").get("retraining.dataRows").asText()).isEqualTo("1000");
        assertThat(run.get("triggers").get(0).get("kind").asText()).isEqualTo("newRows");
        assertThat(run.get("triggers").get(0).get("fired").asBoolean()).isTrue();
        assertThat(run.get("triggers").get(0).get("detail").asText()).startsWith("850 new examples beyond the 150");
        assertThat(run.get("validation").get("passed").asBoolean()).isTrue();
        assertThat(run.get("validation").get("checks")).isNotEmpty();
        assertThat(run.get("reason").asText()).contains("250 held-out rows", "accuracy");

        JsonNode production = mlops.run("models", "show", "credit@production", "--format", "json").expect(0).json();
        assertThat(production.get("version").asInt()).isEqualTo(2);
        JsonNode history = mlops.run("models", "history", "credit", "--format", "json").expect(0).json();
        List<String> promotions = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        history.forEach(e -> {
            if (e.get("action").asText().equalsIgnoreCase("PROMOTE") && e.get("to").asText().equals("PRODUCTION")
                    && e.get("version").asInt() == 2) {
                promotions.add(e.get("reason").asText());
            }
            if (e.get("action").asText().equalsIgnoreCase("JOB")) {
                jobs.add(e.get("to").asText());
            }
        });
        assertThat(promotions).singleElement().asString().startsWith("retraining (newRows): validation passed");
        assertThat(jobs).contains("RUNNING", "promoted");

        JsonNode again = mlops.run("retrain", "credit", "--policy", policy.toString(), "--format", "json").expect(0).json();
        assertThat(again.get("decision").asText()).isEqualTo("no-trigger");
        assertThat(again.get("challenger").isNull()).isTrue();
        assertThat(again.get("triggers").get(0).get("detail").asText()).startsWith("0 new examples beyond the 1000");
    }

    @Test
    @DisplayName("rejects a challenger that misses the required improvement: archived with its report, production unchanged")
    void rejects() throws IOException {
        Path policy = policy("{\"label\":\"class\"," + data() + ",\"triggers\":{\"always\":true},"
                + "\"validation\":{\"minImprovement\":{\"accuracy\":\"50%\"}}}");
        JsonNode run = mlops.run("retrain", "credit", "--policy", policy.toString(), "--format", "json").expect(0).json();
        assertThat(run.get("decision").asText()).isEqualTo("rejected");
        assertThat(run.get("challenger").get("stage").asText()).isEqualTo("ARCHIVED");
        assertThat(run.get("validation").get("passed").asBoolean()).isFalse();
        assertThat(run.get("reason").asText()).startsWith("validation failed: accuracy");
        assertThat(mlops.run("models", "show", "credit@production", "--format", "json").expect(0).json()
                .get("version").asInt()).isEqualTo(1);
        assertThat(versions()).hasSize(2);
    }

    @Test
    @DisplayName("does nothing when no trigger fires; awaiting approval leaves a passing challenger in STAGING")
    void noTriggerAndApproval() throws IOException {
        Path quiet = policy("{\"label\":\"class\"," + data() + ",\"triggers\":{\"newRows\":5000,\"maxAge\":\"P7D\"}}");
        JsonNode run = mlops.run("retrain", "credit", "--policy", quiet.toString(), "--format", "json").expect(0).json();
        assertThat(run.get("decision").asText()).isEqualTo("no-trigger");
        assertThat(run.get("triggers")).hasSize(2);
        assertThat(run.get("triggers").get(1).get("kind").asText()).isEqualTo("maxAge");
        assertThat(run.get("triggers").get(1).get("fired").asBoolean()).isFalse();
        assertThat(run.get("validation").isNull()).isTrue();
        assertThat(versions()).hasSize(1);

        Path approval = policy("{\"label\":\"class\"," + data() + ",\"triggers\":{\"always\":true},"
                + "\"promotion\":\"approval\"}");
        JsonNode waiting = mlops.run("retrain", "credit", "--policy", approval.toString(), "--format", "json")
                .expect(0).json();
        if (waiting.get("decision").asText().equals("awaiting-approval")) {
            assertThat(waiting.get("challenger").get("stage").asText()).isEqualTo("STAGING");
        } else {
            assertThat(waiting.get("decision").asText()).as(waiting.toString()).isEqualTo("rejected");
        }
        assertThat(mlops.run("models", "show", "credit@production", "--format", "json").expect(0).json()
                .get("version").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("a bad policy or data exits 2 naming the field or column, and registers nothing")
    void badInput() throws IOException {
        assertThat(mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"class\"," + data()
                + ",\"triggers\":{\"newrows\":5}}").toString()).expect(2).err()).contains("triggers.newrows");
        assertThat(mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"class\"," + data()
                + ",\"triggers\":{\"maxAge\":\"7 days\"}}").toString()).expect(2).err()).contains("triggers.maxAge");
        assertThat(mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"class\"," + data()
                + ",\"triggers\":{\"metricDrop\":{\"gini\":0.1}}}").toString()).expect(2).err())
                .contains("triggers.metricDrop.gini");
        MlopsProcess.Result json = mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"class\"," + data()
                + ",\"validation\":{\"minImprovement\":{\"auc\":\"two\"}}}").toString(), "--format", "json").expect(2);
        assertThat(json.json().get("error").get("message").asText()).contains("validation.minImprovement.auc");

        Path noAge = dir.resolve("no-age.csv");
        List<String> lines = Files.readAllLines(credit);
        Files.write(noAge, lines.stream().map(l -> l.replaceFirst("^((?:[^,]*,){12})[^,]*,", "$1")).toList());
        assertThat(mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"class\",\"data\":{\"csv\":\""
                + noAge.getFileName() + "\"},\"triggers\":{\"always\":true}}").toString()).expect(2).err())
                .contains("'age'");
        assertThat(mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"klass\"," + data()
                + ",\"triggers\":{\"always\":true}}").toString()).expect(2).err()).contains("klass");
        assertThat(mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"class\"," + data()
                + ",\"retries\":{\"max\":2,\"backoff\":\"later\"}}").toString()).expect(2).err())
                .contains("retries.backoff");
        assertThat(mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"class\"," + data()
                + ",\"retries\":{\"max\":2,\"jitter\":0.1}}").toString()).expect(2).err())
                .contains("retries.jitter");
        assertThat(versions()).as("nothing registered").hasSize(1);
    }

    @Test
    @DisplayName("data that cannot be reached is tried again as the policy says, then exits 5 (storage), not 2")
    void unreachable() throws IOException {
        MlopsProcess.Result run = mlops.run("retrain", "credit", "--policy", policy("{\"label\":\"class\","
                + "\"data\":{\"csv\":\"exports/credit-*.csv\"},\"triggers\":{\"always\":true},"
                + "\"retries\":{\"max\":2,\"backoff\":\"PT0.1S\"}}").toString()).expect(5);
        assertThat(run.err()).contains("no such directory");
        JsonNode jobs = mlops.run("models", "jobs", "credit", "--format", "json").expect(0).json();
        List<String> attempts = new ArrayList<>();
        jobs.forEach(j -> {
            if (j.get("kind").asText().equals("retraining")) {
                attempts.add(j.get("status").asText() + " " + j.get("document").get("attempt").asInt());
            }
        });
        assertThat(attempts).containsExactly("FAILED 1", "FAILED 2", "FAILED 3");
    }

    @Test
    @DisplayName("two concurrent runs never train twice")
    void concurrent() throws Exception {
        Path policy = policy("{\"label\":\"class\"," + data() + ",\"triggers\":{\"newRows\":500}}");
        List<MlopsProcess.Result> runs = MlopsProcess.parallel(2,
                i -> mlops.run("retrain", "credit", "--policy", policy.toString(), "--format", "json"));
        List<String> outcomes = new ArrayList<>();
        for (MlopsProcess.Result run : runs) {
            assertThat(run.exitCode()).as(run.err()).isIn(0, 4);
            outcomes.add(run.exitCode() == 4 ? "busy" : run.json().get("decision").asText());
        }
        assertThat(outcomes).as("one trains; the other finds the lease held or nothing new")
                .containsAnyOf("busy", "no-trigger").hasSize(2);
        assertThat(outcomes.stream().filter(o -> o.equals("promoted") || o.equals("rejected"))).hasSize(1);
        assertThat(versions()).hasSize(2);
    }

    @Test
    @DisplayName("a run killed with kill -9 blocks the next only until its lease expires; its jobs are marked failed")
    void killed() throws Exception {
        Path slow = policy("{\"label\":\"class\"," + data() + ",\"triggers\":{\"always\":true},"
                + "\"training\":{\"params\":{\"epochs\":\"5000\"}},\"lease\":\"PT4S\"}");
        Process doomed = mlops.start("retrain", "credit", "--policy", slow.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!trainingStarted()) {
            assertThat(System.nanoTime()).as("the run started training").isLessThan(deadline);
            Thread.sleep(200);
        }
        doomed.destroyForcibly();
        assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        Path quick = policy("{\"label\":\"class\"," + data() + ",\"triggers\":{\"always\":true}}");
        MlopsProcess.Result blocked = mlops.run("retrain", "credit", "--policy", quick.toString());
        if (System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(3)) {
            assertThat(blocked.exitCode()).as("the lease is still held: " + blocked.err()).isEqualTo(4);
            assertThat(blocked.err()).contains("another process is retraining 'credit'");
        }
        Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(5) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt)));
        JsonNode after = mlops.run("retrain", "credit", "--policy", quick.toString(), "--format", "json").expect(0).json();
        assertThat(after.get("decision").asText()).isIn("promoted", "rejected");
        JsonNode jobs = mlops.run("models", "jobs", "credit", "--format", "json").expect(0).json();
        List<String> retraining = new ArrayList<>();
        List<String> training = new ArrayList<>();
        jobs.forEach(j -> (j.get("kind").asText().equals("retraining") ? retraining : training).add(j.get("status").asText()));
        assertThat(retraining).as("the killed run, then the one after").containsExactly("FAILED",
                after.get("decision").asText());
        assertThat(training).as("credit:1's, the killed run's, the last run's")
                .containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");
    }

    @Test
    @DisplayName("a run killed with kill -9 shows FAILED to mlops models jobs once its lease expired, with no run after it")
    void killedReadsFailed() throws Exception {
        Path slow = policy("{\"label\":\"class\"," + data() + ",\"triggers\":{\"always\":true},"
                + "\"training\":{\"params\":{\"epochs\":\"5000\"}},\"lease\":\"PT3S\"}");
        Process doomed = mlops.start("retrain", "credit", "--policy", slow.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!trainingStarted()) {
            assertThat(System.nanoTime()).as("the run started training").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(statuses()).as("while its lease lasts it runs").contains("retraining=RUNNING")
                .doesNotContain("retraining=FAILED");
        doomed.destroyForcibly(); // SIGKILL: no shutdown hook, no final record
        assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(3_500);
        assertThat(statuses()).as("the killed run and the training job it started")
                .containsExactly("training=SUCCEEDED", "retraining=FAILED", "training=FAILED");
        JsonNode history = mlops.run("models", "history", "credit", "--format", "json").expect(0).json();
        assertThat(history.toString()).contains("lease on the model expired");
        assertThat(versions()).as("nothing registered, nothing promoted").hasSize(1);
    }

    private List<String> statuses() {
        List<String> statuses = new ArrayList<>();
        mlops.run("models", "jobs", "credit", "--format", "json").expect(0).json()
                .forEach(j -> statuses.add(j.get("kind").asText() + "=" + j.get("status").asText()));
        return statuses;
    }

    private boolean trainingStarted() {
        JsonNode jobs = mlops.run("models", "jobs", "credit", "--format", "json").expect(0).json();
        for (JsonNode job : jobs) {
            if (job.get("kind").asText().equals("retraining") && job.get("document").has("trainingJobs")) {
                return true;
            }
        }
        return false;
    }
}
