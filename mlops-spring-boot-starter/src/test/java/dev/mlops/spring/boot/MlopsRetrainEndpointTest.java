package dev.mlops.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.TestData;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.retraining.Retrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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
 * The endpoint's {@code retrain} action with a model: a run of the policy configured for it
 * ({@code mlops.retraining.credit.policy}), in a whole web application, as the signed-in user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "mlops.actor=credit-service",
    "management.endpoints.web.exposure.include=mlops",
    "management.endpoint.mlops.access=unrestricted"})
class MlopsRetrainEndpointTest {

    @TempDir
    static Path dir;

    /** The store, and a policy over credit-g that always fires; the data file is given by its absolute path. */
    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry properties) {
        Path policy = dir.resolve("credit-policy.json");
        try {
            Files.writeString(policy, "{\"label\":\"class\",\"data\":{\"csv\":\""
                    + TestData.file("credit-g.csv").toAbsolutePath().toString().replace("\\", "\\\\")
                    + "\"},\"triggers\":{\"always\":true},\"validation\":{\"holdoutFraction\":0.2},"
                    + "\"lease\":\"PT1M\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.add("mlops.store", () -> "file:" + dir.resolve("store"));
        properties.add("mlops.retraining.credit.policy", () -> "file:" + policy);
    }

    /** The application: the starter, credit models on an empty store, HTTP basic sign-in, audit events kept. */
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
    MlopsRetrainingPolicies policies;

    @Autowired
    AuditEventRepository auditEvents;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> post(String path, String body, boolean signedIn) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signedIn) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("retrain with a model runs its policy as the signed-in user and answers with the outcome")
    void policyRun() throws Exception {
        assertThat(policies.models()).containsExactly("credit");
        assertThat(post("/actuator/mlops/retrain", "{\"model\":\"credit\"}", false).statusCode()).isEqualTo(401);
        int before = registry.history("credit").size();

        HttpResponse<String> response = post("/actuator/mlops/retrain", "{\"model\":\"credit\"}", true);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("model").asText()).isEqualTo("credit");
        assertThat(outcome.path("champion").path("version").asInt()).isEqualTo(1);
        assertThat(outcome.path("triggers")).singleElement().satisfies(t -> {
            assertThat(t.path("kind").asText()).isEqualTo("always");
            assertThat(t.path("fired").asBoolean()).isTrue();
        });
        int challenger = outcome.path("challenger").path("version").asInt();
        assertThat(challenger).isEqualTo(3);
        assertThat(outcome.path("decision").asText()).isIn("promoted", "rejected");
        boolean promoted = outcome.path("decision").asText().equals("promoted");
        assertThat(outcome.path("validation").path("passed").asBoolean()).isEqualTo(promoted);
        assertThat(outcome.path("validation").path("checks")).isNotEmpty();
        assertThat(outcome.path("reason").asText()).isNotBlank();
        // the registry agrees with the answer
        assertThat(registry.get("credit@production").version()).isEqualTo(promoted ? challenger : 1);
        assertThat(registry.get("credit:3").lineage().parent()).isEqualTo("credit:1");
        assertThat(registry.get("credit:3").tags()).containsEntry(Retrainer.TRIGGER_TAG, "always");

        // every change of the run is recorded as alice, and Boot's audit events name her
        List<AuditEvent> run = registry.history("credit").subList(before, registry.history("credit").size());
        assertThat(run).extracting(AuditEvent::action).contains(AuditAction.REGISTER, AuditAction.JOB);
        assertThat(run).filteredOn(e -> e.action() == AuditAction.PROMOTE && e.version() == challenger)
                .extracting(e -> e.to().toLowerCase(java.util.Locale.ROOT)).last()
                .isEqualTo(promoted ? "production" : "archived");
        assertThat(run).extracting(AuditEvent::actor).containsOnly("alice");
        assertThat(registry.jobs("credit")).filteredOn(j -> j.kind().equals(Retrainer.JOB_KIND))
                .extracting(JobRecord::status).containsExactly(outcome.path("decision").asText());
        assertThat(auditEvents.find("alice", null, "MLOPS_RETRAIN")).singleElement()
                .satisfies(e -> assertThat(e.getData()).containsEntry("model", "credit"));

        HttpResponse<String> unknown = post("/actuator/mlops/retrain", "{\"model\":\"churn\"}", true);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("error").asText())
                .contains("no retraining policy for model 'churn'", "mlops.retraining.churn.policy");
        HttpResponse<String> neither = post("/actuator/mlops/retrain", "{}", true);
        assertThat(neither.statusCode()).isEqualTo(400);
        assertThat(json.readTree(neither.body()).path("error").asText()).contains("learner (or model) is required");
    }
}
