package dev.mlops.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to register as a new version: the model name, the artifact and its metadata. Built with
 * {@link #builder(String, ArtifactSource)}. Every text is checked against {@link Limits}.
 *
 * <p>Construction throws {@link IllegalArgumentException} when a name, key or text breaks a rule
 * of {@link ModelNames} or {@link Limits}.
 *
 * @param name the model name (checked by {@link ModelNames#requireValid})
 * @param artifact the artifact bytes
 * @param format the artifact format name, e.g. {@code tribuo-protobuf}; empty when not given
 * @param description free text
 * @param metrics evaluation metrics
 * @param params training parameters
 * @param tags free-form labels
 * @param lineage where the version came from
 * @param idempotencyKey when not empty, a retried registration with the same key and artifact
 *     returns the version the first one created instead of a new one
 */
public record RegisterRequest(
        String name,
        ArtifactSource artifact,
        String format,
        String description,
        Map<String, Double> metrics,
        Map<String, String> params,
        Map<String, String> tags,
        Lineage lineage,
        String idempotencyKey) {

    public RegisterRequest {
        ModelNames.requireValid(name);
        Objects.requireNonNull(artifact, "artifact");
        Limits.requireLine("format", format, Limits.MAX_LABEL_LENGTH);
        Limits.requireText("description", description, Limits.MAX_DESCRIPTION_LENGTH);
        metrics = Limits.requireMetrics(Map.copyOf(metrics));
        params = Limits.requireTexts("param", Map.copyOf(params), Limits.MAX_PARAM_VALUE_LENGTH);
        tags = Limits.requireTexts("tag", Map.copyOf(tags), Limits.MAX_TAG_VALUE_LENGTH);
        Objects.requireNonNull(lineage, "lineage");
        Limits.requireLine("idempotency key", idempotencyKey, Limits.MAX_IDEMPOTENCY_KEY_LENGTH);
    }

    /** Starts a request for a new version of {@code name} with the given artifact. */
    public static Builder builder(String name, ArtifactSource artifact) {
        return new Builder(name, artifact);
    }

    /** Collects the optional parts of a {@link RegisterRequest}. */
    public static final class Builder {
        private final String name;
        private final ArtifactSource artifact;
        private String format = "";
        private String description = "";
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private Lineage lineage = Lineage.NONE;
        private String idempotencyKey = "";

        private Builder(String name, ArtifactSource artifact) {
            this.name = name;
            this.artifact = artifact;
        }

        /** The artifact format name, e.g. {@code tribuo-protobuf}. */
        public Builder format(String format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Free-text description. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** Adds one metric; it must be finite. */
        public Builder metric(String key, double value) {
            metrics.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** Adds metrics. */
        public Builder metrics(Map<String, Double> values) {
            metrics.putAll(values);
            return this;
        }

        /** Adds one training parameter. */
        public Builder param(String key, String value) {
            params.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds training parameters. */
        public Builder params(Map<String, String> values) {
            params.putAll(values);
            return this;
        }

        /** Adds one tag. */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds tags. */
        public Builder tags(Map<String, String> values) {
            tags.putAll(values);
            return this;
        }

        /** Where the version came from. */
        public Builder lineage(Lineage lineage) {
            this.lineage = Objects.requireNonNull(lineage, "lineage");
            return this;
        }

        /** Makes retries of this registration return the first version instead of a new one. */
        public Builder idempotencyKey(String key) {
            this.idempotencyKey = Objects.requireNonNull(key, "idempotencyKey");
            return this;
        }

        /** The request. */
        public RegisterRequest build() {
            return new RegisterRequest(name, artifact, format, description, metrics, params, tags,
                    lineage, idempotencyKey);
        }
    }
}
