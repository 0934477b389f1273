package dev.mlops.examples.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring service as its users meet it: the executable jar built by this module, started in a
 * child JVM on a free port with an empty store, driven over HTTP, stopped and started again.
 */
class ScoringServiceIT {

    static final Duration STARTUP = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    Process service;
    int port;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
    }

    /** Starts the jar with the store in {@code dir}, waiting until it is ready for traffic. */
    void start(String log) throws Exception {
        Path jar = Path.of(System.getProperty("scoring.jar"));
        assertThat(jar).as("the executable jar, built by package").isRegularFile();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        service = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port,
                "--mlops.store=file:" + dir.resolve("store"))
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            assertThat(service.isAlive()).as("the service exited early:\n%s", output(log)).isTrue();
            try {
                if (get("/actuator/health/readiness").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within " + STARTUP + ":\n" + output(log));
            }
            Thread.sleep(250);
        }
    }

    String output(String log) throws IOException {
        return Files.readString(dir.resolve(log));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> score(String unit, Map<String, Object> features) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("unit", unit);
        body.set("features", json.valueToTree(features));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/score"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode read(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    /** The value of one series in Prometheus' text format. */
    static double sample(String prometheus, String series) {
        return prometheus.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + prometheus));
    }

    /** Row {@code i} of credit-g without its label, as a request's features. */
    static Map<String, Object> features(DataTable credit, int i) {
        Map<String, Object> row = new HashMap<>(credit.row(i));
        row.remove("class");
        return row;
    }

    @Test
    @DisplayName("trains on an empty store, scores over HTTP, shows it in health, meters and the endpoint; a restart trains nothing")
    void endToEnd() throws Exception {
        DataTable credit = LabeledData.fromCsv(Path.of(System.getProperty("mlops.data.dir"), "credit-g.csv"), "class")
                .table();
        start("first.log");

        JsonNode overview = read(get("/actuator/mlops"));
        JsonNode model = overview.path("models").get(0);
        assertThat(model.path("name").asText()).isEqualTo("credit");
        assertThat(model.path("latestVersion").asInt()).isEqualTo(2);
        int production = model.path("productionVersion").asInt();
        assertThat(production).isIn(1, 2);
        Map<String, String> servedBy = Map.of("control", "credit:" + production, "treatment", "credit:" + (3 - production));

        int scored = 200;
        for (int i = 0; i < scored; i++) {
            HttpResponse<String> response = score("customer-" + i, features(credit, i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = read(response);
            String variant = body.path("variant").asText();
            assertThat(body.path("model").asText()).isEqualTo(servedBy.get(variant));
            assertThat(body.path("prediction").asText()).isIn("good", "bad");
            double total = body.path("probabilities").path("good").asDouble() + body.path("probabilities").path("bad").asDouble();
            assertThat(total).isCloseTo(1.0, offset(1e-9));
        }
        String first = read(score("customer-7", features(credit, 7))).path("variant").asText();
        assertThat(read(score("customer-7", features(credit, 500))).path("variant").asText()).as("sticky").isEqualTo(first);
        scored += 2;

        Map<String, Object> missing = features(credit, 0);
        missing.remove("credit_amount");
        HttpResponse<String> refused = score("customer-x", missing);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(read(refused).path("column").asText()).isEqualTo("credit_amount");
        assertThat(read(refused).path("error").asText()).contains("credit_amount");
        Map<String, Object> notANumber = features(credit, 0);
        notANumber.put("age", "old");
        HttpResponse<String> bad = score("customer-y", notANumber);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(read(bad).path("error").asText()).contains("age");

        JsonNode health = read(get("/actuator/health"));
        assertThat(health.path("components").path("mlops").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("mlops").path("details").path("production").path("credit")
                .path("version").asInt()).isEqualTo(production);

        JsonNode experiment = read(get("/actuator/mlops")).path("experiments").get(0);
        assertThat(experiment.path("id").asText()).isEqualTo("credit-ab");
        String prometheus = get("/actuator/prometheus").body();
        long assignments = 0;
        long predictions = 0;
        for (JsonNode variant : experiment.path("variants")) {
            String name = variant.path("name").asText();
            assertThat(sample(prometheus, "mlops_router_assignments_total{experiment=\"credit-ab\",variant=\"" + name + "\"}"))
                    .isEqualTo(variant.path("assignments").asLong());
            assertThat(sample(prometheus, "mlops_predictions_seconds_count{experiment=\"credit-ab\",model=\"credit\","
                    + "variant=\"" + name + "\",version=\"" + variant.path("version").asInt() + "\"}"))
                    .isEqualTo(variant.path("predictions").asLong());
            assertThat(variant.path("share").asDouble()).isEqualTo(0.5);
            assignments += variant.path("assignments").asLong();
            predictions += variant.path("predictions").asLong();
        }
        assertThat(assignments).as("one per scored request; refused ones are not counted").isEqualTo(scored + 1);
        assertThat(predictions).isEqualTo(scored + 1);
        assertThat(sample(prometheus, "mlops_model_info{alias=\"none\",model=\"credit\",stage=\"production\",version=\""
                + production + "\"}")).isEqualTo(1.0);
        assertThat(sample(prometheus, "mlops_model_info{alias=\"challenger\",model=\"credit\",stage=\"draft\",version=\""
                + (3 - production) + "\"}")).isEqualTo(1.0);

        JsonNode jobs = read(get("/actuator/mlops/credit")).path("jobs");
        assertThat(jobs).hasSize(2);
        assertThat(jobs).allSatisfy(job -> assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED"));

        service.destroy();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        start("second.log");
        JsonNode again = read(get("/actuator/mlops")).path("models").get(0);
        assertThat(again.path("latestVersion").asInt()).as("a restart trains nothing").isEqualTo(2);
        assertThat(again.path("productionVersion").asInt()).isEqualTo(production);
        assertThat(read(get("/actuator/mlops/credit")).path("jobs")).hasSize(2);
        assertThat(output("second.log")).contains("nothing to train");
        assertThat(read(score("customer-7", features(credit, 7))).path("variant").asText()).as("sticky across restarts")
                .isEqualTo(first);
    }
}
