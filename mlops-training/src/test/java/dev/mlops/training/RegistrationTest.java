package dev.mlops.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataException;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.drift.FeatureProfile;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.model.Metric;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationTest {

    @TempDir
    Path dir;

    private ModelRegistry open() {
        return ModelRegistries.builder("file:" + dir).refreshInterval(Duration.ZERO).open();
    }

    @Test
    @DisplayName("a registered version carries the model, metrics, params, lineage, the result, the drift profile and the job record")
    void registers() throws Exception {
        LabeledData credit = TestData.creditG();
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            TrainingResult result = trainer.train(credit, TrainingSpec.builder(Algorithm.LOGISTIC).folds(3)
                    .register(Registration.as("credit").withTags(Map.of("team", "risk"))).build());

            ModelVersion version = result.version().orElseThrow();
            assertThat(version.ref().toString()).isEqualTo("credit:1");
            assertThat(version.stage()).isEqualTo(Stage.DRAFT);
            assertThat(version.format()).isEqualTo(TrainedModelFormat.NAME);
            assertThat(version.metrics()).containsEntry("auc", result.metrics().auc())
                    .containsEntry("cv.auc.mean", result.cv().orElseThrow().summary(Metric.AUC).mean())
                    .containsKeys("accuracy", "precision", "recall", "f1", "logLoss", "cv.auc.std");
            assertThat(version.params()).containsEntry("algorithm", "logistic").containsEntry("seed", "42")
                    .containsEntry("labelColumn", "class").containsEntry("positiveClass", "bad")
                    .containsEntry("labels", "[\"bad\",\"good\"]").containsEntry("learningRate", "0.1")
                    .containsEntry("trainingJob", result.jobId());
            assertThat(version.tags()).containsEntry("team", "risk");
            assertThat(version.lineage().dataFingerprint()).isEqualTo(credit.fingerprint());
            assertThat(version.lineage().provenance()).contains("LinearSGDTrainer");

            List<Evidence> evidence = registry.evidence("credit", 1);
            assertThat(evidence).extracting(Evidence::kind).containsExactly(TrainingResult.EVIDENCE_KIND,
                    TrainingResult.PROFILE_EVIDENCE_KIND, JobState.EVIDENCE_KIND);
            JsonNode stored = new ObjectMapper().readTree(evidence.get(0).document());
            assertThat(stored.path("version").path("version").asInt()).isEqualTo(1);
            assertThat(stored.path("metrics").path("auc").asDouble()).isEqualTo(result.metrics().auc());
            ReferenceProfile profile = ReferenceProfile.fromJson(evidence.get(1).document());
            assertThat(profile.feature("purpose")).isPresent();
            assertThat(profile.feature("class")).as("the label is not a feature").isEmpty();
            assertThat(profile.feature("age").orElseThrow().count()).as("every row given, not only the training split")
                    .isEqualTo(credit.table().rowCount()).isEqualTo(result.trainRows() + result.testRows());
            assertThat(profile).isEqualTo(ReferenceProfile.fit(credit.table().select(
                    profile.features().stream().map(FeatureProfile::name).toList())));
            JobState job = JobState.fromJson(evidence.get(2).document());
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.modelVersion()).contains("credit:1");
            assertThat(job.id()).isEqualTo(result.jobId());

            TrainedModel loaded = TrainedModel.load(registry, "credit:1");
            assertThat(loaded.predict(credit.table(), "loaded").probabilityMatrix())
                    .isDeepEqualTo(result.model().predict(credit.table(), "trained").probabilityMatrix());
            assertThat(registry.load("credit@latest", TrainedModelFormat.of()).schema()).isEqualTo(result.model().schema());
            assertThat(trainer.job(result.jobId()).orElseThrow().state().modelVersion()).contains("credit:1");

            assertThat(registry.jobs("credit")).singleElement().satisfies(record -> {
                assertThat(record.id()).isEqualTo(result.jobId());
                assertThat(record.kind()).isEqualTo("training");
                assertThat(record.status()).isEqualTo("SUCCEEDED");
                assertThat(JobState.fromJson(record.document()).modelVersion()).contains("credit:1");
            });
            assertThat(registry.history("credit")).filteredOn(e -> e.action() == AuditAction.JOB)
                    .extracting(AuditEvent::to).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
        }
    }

    @Test
    @DisplayName("a registration's description and parent become the version's description and lineage")
    void descriptionAndParent() {
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            TrainingResult parent = trainer.train(TestData.breastCancer(), TrainingSpec.builder(Algorithm.CART).folds(0)
                    .registerAs("cancer").build());
            Registration registration = Registration.as("cancer").withDescription("retrained on the weekly data")
                    .withParent(parent.version().orElseThrow().ref().toString());
            assertThat(registration.parent()).contains("cancer:1");
            TrainingResult child = trainer.train(TestData.breastCancer(), TrainingSpec.builder(Algorithm.CART).folds(0)
                    .register(registration).build());
            ModelVersion version = child.version().orElseThrow();
            assertThat(version.version()).isEqualTo(2);
            assertThat(version.description()).isEqualTo("retrained on the weekly data");
            assertThat(version.lineage().parent()).isEqualTo("cancer:1");
            assertThat(parent.version().orElseThrow().lineage().parent()).isEmpty();
            assertThatThrownBy(() -> Registration.as("cancer").withParent("cancer@production"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parent must be NAME:VERSION, got 'cancer@production'");
        }
    }

    @Test
    @DisplayName("a result with a version attached differs from the trained one only in its version")
    void withVersion() {
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            TrainingResult registered = trainer.train(TestData.breastCancer(),
                    TrainingSpec.builder(Algorithm.CART).folds(0).registerAs("cancer").build());
            TrainingResult plain = trainer.train(TestData.breastCancer(),
                    TrainingSpec.builder(Algorithm.CART).folds(0).build());
            ModelVersion version = registered.version().orElseThrow();
            TrainingResult attached = plain.withVersion(version);
            assertThat(attached.version()).contains(version);
            assertThat(plain.version()).isEmpty();
            assertThat(attached).usingRecursiveComparison().ignoringFields("version").isEqualTo(plain);
        }
    }

    @Test
    @DisplayName("a plain Tribuo model loads with sorted labels, its features as columns and the given positive class")
    void plainTribuoModel() {
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.create()) {
            LabeledData cancer = TestData.breastCancer();
            TrainedModel trained = trainer.train(cancer, TrainingSpec.builder(Algorithm.CART).folds(0).build()).model();
            byte[] artifact = TribuoFormat.toBytes(trained.tribuoModel());
            registry.register(RegisterRequest.builder("plain", ArtifactSource.of(artifact)).format(TribuoFormat.NAME)
                    .param("labelColumn", "diagnosis").param("positiveClass", "benign").build());
            TrainedModel loaded = TrainedModel.load(registry, "plain:1");
            assertThat(loaded.algorithm()).isEqualTo("tribuo");
            assertThat(loaded.params()).isEmpty();
            assertThat(loaded.labels()).containsExactly("benign", "malignant");
            assertThat(loaded.positiveClass()).contains("benign");
            assertThat(loaded.schema().labelColumn()).isEqualTo("diagnosis");
            assertThat(loaded.predict(cancer.table(), "loaded").predictedLabels())
                    .isEqualTo(trained.predict(cancer.table(), "trained").predictedLabels());

            TrainedModel wrapped = TrainedModel.ofTribuo(trained.tribuoModel(), "", java.util.Optional.empty());
            assertThat(wrapped.positiveClass()).as("the label that sorts last").contains("malignant");
            assertThat(wrapped.schema().columnNames()).isSorted()
                    .containsExactlyInAnyOrderElementsOf(trained.schema().featureNames());
            assertThatThrownBy(() -> TrainedModel.ofTribuo(trained.tribuoModel(), "", java.util.Optional.of("maybe")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maybe");
        }
    }

    @Test
    @DisplayName("a job that fails before any version exists still leaves its record in the registry")
    void failedJobRecorded() {
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            TrainingSpec spec = TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).positiveClass("neither")
                    .registerAs("doomed").build();
            assertThatThrownBy(() -> trainer.train(TestData.breastCancer(), spec))
                    .isInstanceOf(DataException.class);
            assertThat(registry.jobs("doomed")).singleElement().satisfies(record -> {
                assertThat(record.status()).isEqualTo("FAILED");
                assertThat(JobState.fromJson(record.document()).error()).isPresent();
            });
            assertThat(registry.models()).isEmpty();
        }
    }

    @Test
    @DisplayName("the result JSON has the fields of the mlops train contract")
    void resultJson() throws Exception {
        try (ModelRegistry registry = open(); Trainer trainer = Trainer.builder().registry(registry).build()) {
            TrainingResult result = trainer.train(TestData.breastCancer(), TrainingSpec.builder(Algorithm.CART).folds(2)
                    .registerAs("cancer").build());
            JsonNode json = new ObjectMapper().readTree(result.toJson());
            assertThat(json.path("algorithm").asText()).isEqualTo("cart");
            assertThat(json.path("params").path("maxDepth").asText()).isEqualTo("6");
            for (String metric : List.of("accuracy", "precision", "recall", "f1", "auc", "logLoss")) {
                assertThat(json.path("metrics").path(metric).isNumber()).as(metric).isTrue();
            }
            assertThat(json.path("cv").path("folds").asInt()).isEqualTo(2);
            assertThat(json.path("cv").path("accuracy").path("mean").isNumber()).isTrue();
            assertThat(json.path("cv").path("auc").path("std").isNumber()).isTrue();
            JsonNode version = json.path("version");
            for (String field : List.of("name", "version", "stage", "sha256", "sizeBytes", "createdAt", "createdBy",
                    "metrics", "params", "tags", "aliases")) {
                assertThat(version.has(field)).as(field).isTrue();
            }
            assertThat(version.path("name").asText()).isEqualTo("cancer");
            assertThat(json.path("positiveClass").asText()).isEqualTo("malignant");

            TrainingResult unregistered = trainer.train(TestData.breastCancer(), TrainingSpec.builder(Algorithm.CART)
                    .folds(0).build());
            JsonNode plain = new ObjectMapper().readTree(unregistered.toJson());
            assertThat(plain.path("version").isNull()).isTrue();
            assertThat(plain.path("cv").isNull()).isTrue();
        }
    }
}
