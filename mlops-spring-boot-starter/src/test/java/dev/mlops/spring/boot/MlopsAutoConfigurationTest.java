package dev.mlops.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.drift.DriftMonitor;
import dev.mlops.online.OnlineLearner;
import dev.mlops.online.OnlineSchema;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Stage;
import dev.mlops.training.Trainer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in real application contexts, with and without the service's own beans. */
class MlopsAutoConfigurationTest {

    @TempDir
    Path dir;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class, MlopsActuatorAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class));

    String memStore() {
        return "mlops.store=mem:" + UUID.randomUUID();
    }

    Path experimentFile(String id, String control, String treatment) throws Exception {
        Path file = dir.resolve(id + ".json");
        Files.writeString(file, "{\"id\":\"" + id + "\",\"salt\":\"" + id + "-1\",\"variants\":["
                + "{\"name\":\"control\",\"model\":\"" + control + "\",\"weight\":50},"
                + "{\"name\":\"treatment\",\"model\":\"" + treatment + "\",\"weight\":50}]}");
        return file;
    }

    @Nested
    @DisplayName("beans")
    class Beans {

        @Test
        @DisplayName("a configured store gives a registry, a trainer, routers, monitors, health, meters; initializers run first")
        void everything() throws Exception {
            Path experiment = experimentFile("credit-ab", "credit@production", "credit@challenger");
            runner.withBean(CreditModels.class)
                    .withPropertyValues("mlops.store=file:" + dir.resolve("store"), "mlops.actor=credit-service",
                            "mlops.experiments=file:" + experiment, "mlops.monitors.credit.model=credit@production",
                            "mlops.monitors.credit.window-size=100", "mlops.production-models=credit")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        ModelRegistry registry = context.getBean(ModelRegistry.class);
                        assertThat(registry.get("credit@production").version()).isEqualTo(1);
                        assertThat(registry.history("credit").get(0).actor()).isEqualTo("credit-service");
                        assertThat(context).hasSingleBean(Trainer.class);

                        var router = context.getBean(MlopsRouters.class).router("credit-ab");
                        List<String> labels = router.predict("user-1", m -> m.labels());
                        assertThat(labels).containsExactly("bad", "good");

                        DriftMonitor monitor = context.getBean(MlopsMonitors.class).monitor("credit");
                        assertThat(context.getBean(MlopsMonitors.class).all().get("credit").version().version()).isEqualTo(1);
                        assertThat(monitor.numericFeatures()).contains("duration", "credit_amount");

                        Health health = context.getBean(MlopsHealthIndicator.class).health();
                        assertThat(health.getStatus()).isEqualTo(Status.UP);
                        assertThat(health.getDetails()).containsEntry("models", 1);

                        MeterRegistry meters = context.getBean(MeterRegistry.class);
                        assertThat(meters.get("mlops.router.assignments").tags("experiment", "credit-ab", "variant",
                                router.variantOf("user-1")).functionCounter().count()).isEqualTo(1);
                        assertThat(meters.get("mlops.model.info").tags("model", "credit", "stage", "production").gauge())
                                .isNotNull();
                        assertThat(meters.find("mlops.drift.rows").tag("monitor", "credit").functionCounter()).isNotNull();
                        assertThat(meters.get("mlops.training.jobs").tag("status", "running").gauge().value()).isZero();
                    });
        }

        @Test
        @DisplayName("the service's own registry, routers and health indicator win")
        void backsOff() {
            ModelRegistry own = ModelRegistries.open("mem:" + UUID.randomUUID());
            runner.withBean(ModelRegistry.class, () -> own)
                    .withBean("mlopsHealthIndicator", MlopsHealthIndicator.class, () -> new MlopsHealthIndicator(own,
                            List.of()))
                    .withBean(MlopsRouters.class, () -> new MlopsRouters(Map.of()))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(ModelRegistry.class)).isSameAs(own);
                        assertThat(context.getBean(MlopsRouters.class).all()).isEmpty();
                        assertThat(context).hasSingleBean(MlopsHealthIndicator.class);
                    });
            own.close();
        }

        @Test
        @DisplayName("the health indicator can be switched off")
        void healthOff() {
            runner.withPropertyValues(memStore(), "management.health.mlops.enabled=false")
                    .run(context -> assertThat(context).doesNotHaveBean(MlopsHealthIndicator.class)
                            .hasSingleBean(ModelRegistry.class));
        }
    }

    @Nested
    @DisplayName("bad configuration stops the startup with a message naming the setting")
    class BadConfiguration {

        @Test
        @DisplayName("no store")
        void noStore() {
            runner.run(context -> assertThat(context).hasFailed().getFailure()
                    .hasRootCauseInstanceOf(MlopsConfigurationException.class)
                    .rootCause().hasMessageContaining("mlops.store is not set"));
        }

        @Test
        @DisplayName("a store scheme no provider serves")
        void unknownScheme() {
            runner.withPropertyValues("mlops.store=s3://bucket/models").run(context -> assertThat(context).hasFailed()
                    .getFailure().rootCause().isInstanceOf(MlopsConfigurationException.class).hasMessageContaining("s3"));
        }

        @Test
        @DisplayName("an experiment file that is not one, or two with one id")
        void badExperiments() throws Exception {
            Path broken = dir.resolve("broken.json");
            Files.writeString(broken, "{\"id\":\"x\",\"salt\":\"s\",\"variants\":[]}");
            runner.withPropertyValues(memStore(), "mlops.experiments=file:" + broken).run(context ->
                    assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("broken.json"));
            Path one = experimentFile("same", "m:1", "m:2");
            runner.withPropertyValues(memStore(), "mlops.experiments=file:" + one + ",file:" + one).run(context ->
                    assertThat(context).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("has the id 'same' of an experiment before it"));
        }

        @Test
        @DisplayName("a monitor of a model that does not exist")
        void monitorOfNothing() {
            runner.withPropertyValues(memStore(), "mlops.monitors.churn.model=churn@production").run(context ->
                    assertThat(context).hasFailed().getFailure()
                            .hasStackTraceContaining("mlops.monitors.churn.model: model 'churn' does not exist"));
        }

        @Test
        @DisplayName("a signing key given twice, or an empty key file")
        void signing() throws Exception {
            Path empty = Files.writeString(dir.resolve("empty.key"), "\n");
            runner.withPropertyValues(memStore(), "mlops.signing.key=abc", "mlops.signing.key-file=" + empty).run(context ->
                    assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("not both"));
            runner.withPropertyValues(memStore(), "mlops.signing.key-file=" + empty).run(context ->
                    assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("is empty"));
        }
    }

    @Test
    @DisplayName("a key file signs what the registry registers, as the same key given as a value would")
    void signingKeyFile() throws Exception {
        Path key = Files.writeString(dir.resolve("signing.key"), "a-signing-key-of-thirty-two-bytes!!\n");
        String store = "mlops.store=file:" + dir.resolve("signed");
        runner.withBean(CreditModels.class).withPropertyValues(store, "mlops.signing.key-file=" + key).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ModelRegistry.class).verify("credit:1").signatureStatus())
                    .isEqualTo(SignatureStatus.VALID);
        });
        runner.withPropertyValues(store, "mlops.signing.key=a-signing-key-of-thirty-two-bytes!!").run(context ->
                assertThat(context.getBean(ModelRegistry.class).verify("credit:1").signatureStatus())
                        .isEqualTo(SignatureStatus.VALID));
        runner.withPropertyValues(store, "mlops.signing.key=another-key-of-thirty-two-bytes!!!!").run(context ->
                assertThat(context.getBean(ModelRegistry.class).verify("credit:1").signatureStatus())
                        .isEqualTo(SignatureStatus.INVALID));
    }

    @Test
    @DisplayName("an online learner bean is in the endpoint and the meters; the endpoint retrains it; anonymous writes when allowed")
    void onlineLearnerAndAnonymousWrites() {
        OnlineSchema schema = OnlineSchema.of("class", List.of("bad", "good"), List.of("duration", "credit_amount", "age"));
        runner.withBean(CreditModels.class)
                .withBean("creditLearner", OnlineLearner.class, () -> OnlineLearner.builder(schema).build())
                .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
                .withPropertyValues("mlops.store=file:" + dir.resolve("online"), "mlops.actor=credit-service",
                        "mlops.endpoint.anonymous-writes=true", "management.endpoints.access.default=UNRESTRICTED",
                        "management.endpoints.web.exposure.include=mlops")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    OnlineLearner learner = context.getBean(OnlineLearner.class);
                    LabeledData credit = TestData.creditG();
                    for (int i = 0; i < 100; i++) {
                        learner.learn(credit.table().row(i), credit.labels().get(i));
                    }
                    learner.flush();
                    MlopsEndpoint endpoint = context.getBean(MlopsEndpoint.class);
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> learners = (List<Map<String, Object>>) endpoint.overview().get("learners");
                    assertThat(learners).singleElement().satisfies(l -> assertThat(l).containsEntry("name", "creditLearner")
                            .containsEntry("samples", 100L));
                    assertThat(context.getBean(MeterRegistry.class).get("mlops.online.samples").tag("learner", "creditLearner")
                            .functionCounter().count()).isEqualTo(100);

                    var retrain = endpoint.perform("retrain", SecurityContext.NONE, null, null, null, null, "test", null,
                            null, null, "creditLearner");
                    assertThat(retrain.getStatus()).isEqualTo(202);
                    assertThat(endpoint.perform("retrain", SecurityContext.NONE, null, null, null, null, "test", null, null,
                            null, "nobody").getStatus()).isEqualTo(404);
                    var alias = endpoint.perform("alias", SecurityContext.NONE, "credit", 1, null, "champion", null, null,
                            null, null, null);
                    assertThat(alias.getStatus()).isEqualTo(200);
                    assertThat(alias.getBody()).containsEntry("toVersion", 1);
                    ModelRegistry registry = context.getBean(ModelRegistry.class);
                    List<AuditEvent> history = registry.history("credit");
                    assertThat(history.get(history.size() - 1).actor()).as("anonymous: the service's actor")
                            .isEqualTo("credit-service");
                    assertThat(endpoint.perform("canary", SecurityContext.NONE, null, null, null, null, null, "credit-ab",
                            null, 5.0, null).getStatus()).as("no such experiment").isEqualTo(404);
                    assertThat(endpoint.perform("alias", SecurityContext.NONE, "credit", null, null, "champion", null, null,
                            null, null, null).getBody()).containsEntry("error", "version is required");
                });
    }

    @Test
    @DisplayName("health is down, naming the model, while a production model has no production version")
    void healthDown() {
        runner.withBean(CreditModels.class).withPropertyValues("mlops.store=file:" + dir.resolve("h"),
                "mlops.production-models=credit,fraud").run(context -> {
                    Health health = context.getBean(MlopsHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails().get("production")).asString()
                            .contains("credit={version=1, verified=true}").contains("fraud={error=");
                    context.getBean(ModelRegistry.class).promote("credit", 1, Stage.ARCHIVED, "retired");
                    assertThat(context.getBean(MlopsHealthIndicator.class).health().getDetails().get("production"))
                            .asString().contains("credit={error=no production version}");
                });
    }
}
