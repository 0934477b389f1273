package dev.mlops.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.Router;
import dev.mlops.model.Classifier;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole web application on the starter, on a random port: health in the readiness group, the
 * endpoint's reads and writes (as the signed-in user, in both audit logs), and the Prometheus meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "mlops.experiments=classpath:credit-ab.json",
    "mlops.production-models=credit",
    "mlops.actor=credit-service",
    "management.endpoints.web.exposure.include=health,mlops,prometheus",
    "management.endpoint.mlops.access=unrestricted",
    "management.endpoint.health.show-details=always",
    "management.endpoint.health.show-components=always"})
class MlopsStarterWebTest {

    @TempDir
    static Path store;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("mlops.store", () -> "file:" + store);
    }

    /**
     * The application: the starter, credit models on an empty store, HTTP basic sign-in, audit events kept
     * (also {@link MlopsRetrainEndpointTest}'s).
     */
    @SpringBootApplication
    static class Application {

        @Bean
        CreditModels creditModels() {
            return new CreditModels();
        }

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .httpBasic(Customizer.withDefaults()).csrf(csrf -> csrf.disable()).build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("OPS").build());
        }

        @Bean
        AuditEventRepository auditEvents() {
            return new InMemoryAuditEventRepository();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ModelRegistry registry;

    @Autowired
    MlopsRouters routers;

    @Autowired
    AuditEventRepository auditEvents;

    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return SignedInHttp.get(port, path);
    }

    HttpResponse<String> post(String path, String body, boolean signedIn) throws IOException, InterruptedException {
        return SignedInHttp.post(port, path, body, signedIn);
    }

    /** The value of one series in Prometheus' text format. */
    static double sample(String prometheus, String series) {
        return prometheus.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + prometheus));
    }

    JsonNode read(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    @Test
    @DisplayName("health shows the mlops component, up with the verified production version, also in readiness")
    void health() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode mlops = read(health).path("components").path("mlops");
        assertThat(mlops.path("status").asText()).isEqualTo("UP");
        assertThat(mlops.path("details").path("production").path("credit").path("version").asInt()).isEqualTo(1);
        assertThat(mlops.path("details").path("production").path("credit").path("verified").asBoolean()).isTrue();

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(read(readiness).path("components").has("mlops")).as(readiness.body()).isTrue();
    }

    @Test
    @DisplayName("the endpoint shows models and the experiment with the counts the Prometheus meters show")
    void reads() throws Exception {
        Router<Classifier> router = routers.router("credit-ab");
        for (int i = 0; i < 40; i++) {
            router.predict("user-" + i, m -> m.labels().size());
        }
        JsonNode overview = read(get("/actuator/mlops"));
        assertThat(overview.path("models").get(0).path("name").asText()).isEqualTo("credit");
        assertThat(overview.path("models").get(0).path("productionVersion").asInt()).isEqualTo(1);
        JsonNode experiment = overview.path("experiments").get(0);
        assertThat(experiment.path("id").asText()).isEqualTo("credit-ab");
        String prometheus = get("/actuator/prometheus").body();
        long total = 0;
        for (JsonNode variant : experiment.path("variants")) {
            String name = variant.path("name").asText();
            long assignments = variant.path("assignments").asLong();
            total += assignments;
            assertThat(sample(prometheus, "mlops_router_assignments_total{experiment=\"credit-ab\",variant=\"" + name
                    + "\"}")).isEqualTo(assignments);
            String version = variant.path("version").asText();
            assertThat(sample(prometheus, "mlops_predictions_seconds_count{experiment=\"credit-ab\",model=\"credit\","
                    + "variant=\"" + name + "\",version=\"" + version + "\"}")).isEqualTo(variant.path("predictions").asLong());
        }
        assertThat(total).isGreaterThanOrEqualTo(40);
        assertThat(sample(prometheus, "mlops_model_info{alias=\"none\",model=\"credit\",stage=\"production\",version=\"1\"}"))
                .isEqualTo(1.0);

        JsonNode model = read(get("/actuator/mlops/credit"));
        assertThat(model.path("versions")).hasSize(2);
        assertThat(model.path("jobs")).hasSize(2);
        assertThat(read(get("/actuator/mlops/nothing")).path("error").asText()).contains("nothing");
    }

    @Test
    @DisplayName("writes run as the signed-in user: the registry's audit log and Boot's audit events name her")
    void writes() throws Exception {
        HttpResponse<String> anonymous = post("/actuator/mlops/promote",
                "{\"model\":\"credit\",\"version\":2,\"stage\":\"testing\"}", false);
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> promoted = post("/actuator/mlops/promote",
                "{\"model\":\"credit\",\"version\":2,\"stage\":\"testing\",\"reason\":\"offline check passed\"}", true);
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        assertThat(read(promoted).path("stage").asText()).isEqualTo("testing");
        AuditEvent last = registry.history("credit").get(registry.history("credit").size() - 1);
        assertThat(last.actor()).isEqualTo("alice");
        assertThat(last.reason()).isEqualTo("offline check passed");
        assertThat(auditEvents.find("alice", null, "MLOPS_PROMOTE")).singleElement()
                .satisfies(e -> assertThat(e.getData()).containsEntry("model", "credit").containsEntry("version", 2));

        HttpResponse<String> refused = post("/actuator/mlops/promote",
                "{\"model\":\"credit\",\"version\":2,\"stage\":\"archived\"}", true);
        assertThat(refused.statusCode()).isEqualTo(200);
        HttpResponse<String> conflict = post("/actuator/mlops/promote",
                "{\"model\":\"credit\",\"version\":2,\"stage\":\"draft\"}", true);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(read(conflict).path("error").asText()).contains("cannot move credit:2 from ARCHIVED to DRAFT");

        HttpResponse<String> weights = post("/actuator/mlops/weights",
                "{\"experiment\":\"credit-ab\",\"weights\":\"control=3,treatment=1\"}", true);
        assertThat(weights.statusCode()).as(weights.body()).isEqualTo(200);
        assertThat(routers.router("credit-ab").experiment().shares()).containsExactly(0.75, 0.25);
        assertThat(auditEvents.find("alice", null, "MLOPS_WEIGHTS")).hasSize(1);

        assertThat(post("/actuator/mlops/weights", "{\"experiment\":\"credit-ab\",\"weights\":\"control\"}", true)
                .statusCode()).isEqualTo(400);
        assertThat(post("/actuator/mlops/weights", "{\"experiment\":\"nope\",\"weights\":\"a=1\"}", true).statusCode())
                .isEqualTo(404);
        HttpResponse<String> noCanary = post("/actuator/mlops/canary", "{\"experiment\":\"credit-ab\",\"percent\":5}", true);
        assertThat(noCanary.statusCode()).isEqualTo(409);
        assertThat(read(noCanary).path("error").asText()).contains("no canary");
        HttpResponse<String> unknown = post("/actuator/mlops/explode", "{}", true);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(read(unknown).path("error").asText()).contains("unknown action 'explode'");
        assertThat(post("/actuator/mlops/rollback", "{\"model\":\"credit\"}", true).statusCode())
                .as("no earlier production version").isEqualTo(409);
        assertThat(List.of(registry.get("credit@production").version())).containsExactly(1);
    }
}
