package dev.mlops.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a training job: the job record that listeners receive and that is stored with the
 * registered version (evidence kind {@value #EVIDENCE_KIND}).
 *
 * @param id the job id
 * @param description what is trained on what, e.g. {@code logistic on data.csv, label diagnosis}
 * @param status where the job is
 * @param progress percent done, 0 to 100
 * @param step what it is doing, e.g. {@code cross-validating fold 3 of 5}
 * @param submittedAt when it was submitted
 * @param startedAt when it started running
 * @param finishedAt when it ended
 * @param error why it failed or was cancelled
 * @param modelVersion the registered version ({@code NAME:VERSION}) once there is one
 */
public record JobState(String id, String description, JobStatus status, int progress, String step,
        Instant submittedAt, Optional<Instant> startedAt, Optional<Instant> finishedAt, Optional<String> error,
        Optional<String> modelVersion) {

    /** The evidence kind of job records stored with registered versions: {@value}. */
    public static final String EVIDENCE_KIND = "training-job";

    public JobState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(status, "status");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0 to 100, got " + progress);
        }
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /**
     * The JSON record: {@code {"id","description","status","progress","step","submittedAt",
     * "startedAt","finishedAt","error","modelVersion"}}, times in ISO-8601, absent values {@code null}.
     */
    public String toJson() {
        ObjectNode node = Json.object();
        node.put("id", id);
        node.put("description", description);
        node.put("status", status.name());
        node.put("progress", progress);
        node.put("step", step);
        node.put("submittedAt", submittedAt.toString());
        node.put("startedAt", startedAt.map(Instant::toString).orElse(null));
        node.put("finishedAt", finishedAt.map(Instant::toString).orElse(null));
        node.put("error", error.orElse(null));
        node.put("modelVersion", modelVersion.orElse(null));
        return Json.write(node);
    }

    /**
     * Reads a record {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException when the text is not one
     */
    public static JobState fromJson(String json) {
        JsonNode node = Json.read(json);
        try {
            return new JobState(node.path("id").asText(), node.path("description").asText(),
                    JobStatus.valueOf(node.path("status").asText()), node.path("progress").asInt(),
                    node.path("step").asText(), Instant.parse(node.path("submittedAt").asText()),
                    instant(node, "startedAt"), instant(node, "finishedAt"), text(node, "error"),
                    text(node, "modelVersion"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a training job record: " + e.getMessage(), e);
        }
    }

    private static Optional<Instant> instant(JsonNode node, String name) {
        return text(node, name).map(Instant::parse);
    }

    private static Optional<String> text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
