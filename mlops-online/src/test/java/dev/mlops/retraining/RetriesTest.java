package dev.mlops.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataException;
import dev.mlops.data.TestData;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries of a retraining run, with the real clock (pauses of a few hundred milliseconds). */
@DisplayName("a retraining run that could not reach its data or store is tried again after a growing pause")
class RetriesTest {

    @TempDir
    Path dir;

    private ModelRegistry registry;

    @BeforeEach
    void open() {
        registry = ModelRegistries.builder("file:" + dir.resolve("store")).refreshInterval(Duration.ZERO).open();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private RetrainingPolicy policy(String data, String retries) {
        return RetrainingPolicy.parse("{\"label\":\"class\",\"data\":" + data + ",\"triggers\":{\"always\":true},"
                + "\"retries\":" + retries + "}", "policy.json", dir);
    }

    private List<String> statuses() {
        return registry.jobs("credit").stream().filter(j -> j.kind().equals(Retrainer.JOB_KIND))
                .map(JobRecord::status).toList();
    }

    private List<String> statusesIfAny() {
        try {
            return statuses();
        } catch (ModelNotFoundException e) {
            return List.of();
        }
    }

    @Test
    @DisplayName("files a glob names that arrive later are read by a retry; the failed attempt is a FAILED job")
    void globAppearsLater() throws Exception {
        Files.createDirectories(dir.resolve("exports"));
        RetrainingPolicy policy = policy("{\"csv\":\"exports/credit-*.csv\"}",
                "{\"max\":4,\"backoff\":\"PT0.2S\",\"multiplier\":2}");
        CompletableFuture<Void> export = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(300);
                Path tmp = Files.copy(TestData.file("credit-g.csv"), dir.resolve("credit-1.tmp"));
                Files.move(tmp, dir.resolve("exports/credit-1.csv"));
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        RetrainingOutcome outcome = Retrainer.of(registry, policy).run("credit");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        export.get();
        assertThat(outcome.decision()).isEqualTo(RetrainingOutcome.Decision.PROMOTED);
        assertThat(elapsed).as("waited for the file").isGreaterThanOrEqualTo(300);
        List<String> statuses = statuses();
        assertThat(statuses).hasSizeGreaterThanOrEqualTo(2).last().isEqualTo("promoted");
        assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly("FAILED");
        assertThat(registry.jobs("credit").get(0).document()).contains("no file matches").contains("\"attempt\":1");
        assertThat(registry.versions("credit")).hasSize(1);
    }

    @Test
    @DisplayName("a JDBC source whose database is stopped is read once the database is back")
    void databaseBack() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + dir.resolve("source").toAbsolutePath().toString()
                .replace('\\', '/');
        Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("CREATE TABLE scores(id INT, x1 DOUBLE, x2 DOUBLE, class VARCHAR(8))");
            Random random = new Random(7);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO scores VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 300; i++) {
                    double x1 = random.nextGaussian();
                    double x2 = random.nextGaussian();
                    insert.setInt(1, i);
                    insert.setDouble(2, x1);
                    insert.setDouble(3, x2);
                    insert.setString(4, x1 + 0.5 * x2 + 0.3 * random.nextGaussian() > 0 ? "good" : "bad");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.createStatement().execute("CREATE VIEW labelled AS SELECT x1 AS \"x1\", x2 AS \"x2\", class AS \"class\""
                    + " FROM scores ORDER BY id");
        }
        server.stop();
        assertThatThrownBy(() -> DriverManager.getConnection(url).close()).as("the database is stopped")
                .isInstanceOf(java.sql.SQLException.class);
        RetrainingPolicy policy = policy("{\"jdbc\":{\"url\":\"" + url + "\",\"query\":\"SELECT * FROM labelled\"}}", "{\"max\":5,\"backoff\":\"PT0.25S\",\"multiplier\":1.5}");
        CompletableFuture<Server> restarted = CompletableFuture.supplyAsync(() -> {
            try {
                // back once a run has found it stopped
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!statusesIfAny().contains("FAILED") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                return Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            RetrainingOutcome outcome = Retrainer.of(registry, policy).run("credit");
            assertThat(outcome.decision()).isEqualTo(RetrainingOutcome.Decision.PROMOTED);
            assertThat(statuses()).hasSizeGreaterThanOrEqualTo(2).last().isEqualTo("promoted");
            assertThat(registry.jobs("credit").get(0).document()).contains("cannot connect");
            assertThat(registry.get("credit@production").version()).isEqualTo(1);
        } finally {
            restarted.get().stop();
        }
    }

    @Test
    @DisplayName("bad input is never retried; spent retries give the last failure with the earlier ones suppressed")
    void finalFailures() {
        RetrainingPolicy badLabel = RetrainingPolicy.parse("{\"label\":\"klass\",\"data\":{\"csv\":\""
                + TestData.file("credit-g.csv").toString().replace("\\", "\\\\") + "\"},\"triggers\":{\"always\":true},"
                + "\"retries\":{\"max\":3,\"backoff\":\"PT5S\"}}", "policy.json", dir);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Retrainer.of(registry, badLabel).run("credit")).isInstanceOf(DataException.class)
                .hasMessageContaining("klass");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("no pause").isLessThan(5_000);
        assertThat(statuses()).containsExactly("FAILED");

        RetrainingPolicy never = policy("{\"csv\":\"missing/credit-*.csv\"}", "{\"max\":2,\"backoff\":\"PT0.1S\"}");
        start = System.nanoTime();
        assertThatThrownBy(() -> Retrainer.of(registry, never).run("credit"))
                .isInstanceOf(DataUnavailableException.class).hasMessageContaining("missing")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("0.1 s, then 0.2 s")
                .isGreaterThanOrEqualTo(300);
        assertThat(statuses()).containsExactly("FAILED", "FAILED", "FAILED", "FAILED");
        assertThatThrownBy(() -> registry.versions("credit")).as("nothing registered")
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    @DisplayName("the retries field is read with defaults; a bad value or unknown field is named")
    void parse() {
        RetrainingPolicy.Retries retries = policy("{\"csv\":\"x.csv\"}", "{\"max\":3}").retries();
        assertThat(retries).isEqualTo(new RetrainingPolicy.Retries(3, Duration.ofSeconds(30), 2));
        assertThat(List.of(retries.delay(1), retries.delay(2), retries.delay(3)))
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));
        assertThat(RetrainingPolicy.parse("{\"label\":\"y\",\"data\":{\"csv\":\"x.csv\"}}", "p", dir).retries())
                .isEqualTo(RetrainingPolicy.Retries.NONE);
        for (String[] bad : new String[][] {
                {"{\"max\":-1}", "'retries.max'"},
                {"{\"max\":2.5}", "'retries.max'"},
                {"{\"backoff\":\"PT1S\"}", "'retries.max'"},
                {"{\"max\":1,\"backoff\":\"soon\"}", "'retries.backoff'"},
                {"{\"max\":1,\"backoff\":\"P2D\"}", "'retries.backoff'"},
                {"{\"max\":1,\"multiplier\":0.5}", "'retries.multiplier'"},
                {"{\"max\":1,\"jitter\":true}", "'retries.jitter'"},
                {"3", "'retries'"}}) {
            assertThatThrownBy(() -> policy("{\"csv\":\"x.csv\"}", bad[0])).isInstanceOf(PolicyException.class)
                    .hasMessageContaining("policy.json").hasMessageContaining(bad[1]);
        }
    }
}
