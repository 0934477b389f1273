package dev.mlops.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A snapshot of one registered version of a model.
 *
 * <p>The artifact fields ({@code sha256}, {@code sizeBytes}, {@code format}, {@code signature}),
 * {@code createdAt}, {@code createdBy}, {@code params} and {@code lineage} never change after
 * registration; {@code stage}, {@code description}, {@code metrics}, {@code tags} and
 * {@code aliases} change through the registry.
 *
 * @param name the model name
 * @param version dense per-model version number, starting at 1
 * @param stage the lifecycle stage
 * @param sha256 lower-case hex SHA-256 of the artifact bytes
 * @param sizeBytes artifact size in bytes
 * @param format the artifact format name, e.g. {@code tribuo-protobuf}; empty when not given
 * @param signature the artifact signature, {@link ArtifactSignature#NONE} when unsigned
 * @param createdAt registration time, truncated to milliseconds
 * @param createdBy the actor who registered it
 * @param description free text, possibly empty
 * @param metrics evaluation metrics by name
 * @param params training parameters by name
 * @param tags free-form labels
 * @param lineage where the version came from
 * @param aliases the aliases that currently point to this version, sorted
 */
public record ModelVersion(
        String name,
        int version,
        Stage stage,
        String sha256,
        long sizeBytes,
        String format,
        ArtifactSignature signature,
        Instant createdAt,
        String createdBy,
        String description,
        Map<String, Double> metrics,
        Map<String, String> params,
        Map<String, String> tags,
        Lineage lineage,
        List<String> aliases) {

    public ModelVersion {
        Objects.requireNonNull(name, "name");
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, got " + version);
        }
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(signature, "signature");
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(description, "description");
        metrics = Map.copyOf(metrics);
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(lineage, "lineage");
        aliases = aliases.stream().sorted().toList();
    }

    /**
     * The SHA-256 (lower-case hex) of everything this version is but its aliases (which move by
     * entries of their own): what the audit log records after each change of the version, so that
     * {@code verifyAudit} can tell when a store serves a state the log never vouched for. The
     * fields are encoded as {@link AuditEvent#computeHash()} encodes an entry's: the text
     * {@code mlops-version-state-v1}, name, version, stage ({@link Stage#name()}), sha256,
     * sizeBytes, format, the signature's algorithm, key id and value, createdAt (epoch
     * milliseconds), createdBy, description, then metrics, params and tags each as their number of
     * entries followed by key and value of each in key order (metric values as
     * {@link Double#toString(double)}), then the lineage's parent, data fingerprint and provenance;
     * numbers in decimal.
     */
    public String stateDigest() {
        List<String> fields = new ArrayList<>(List.of("mlops-version-state-v1", name,
                Integer.toString(version), stage.name(), sha256, Long.toString(sizeBytes), format,
                signature.algorithm(), signature.keyId(), signature.value(),
                Long.toString(createdAt.toEpochMilli()), createdBy, description));
        addSorted(fields, metrics);
        addSorted(fields, params);
        addSorted(fields, tags);
        fields.addAll(List.of(lineage.parent(), lineage.dataFingerprint(), lineage.provenance()));
        return FieldDigest.of(fields);
    }

    private static void addSorted(List<String> fields, Map<String, ?> map) {
        fields.add(Integer.toString(map.size()));
        new TreeMap<>(map).forEach((key, value) -> {
            fields.add(key);
            fields.add(value instanceof Double d ? Double.toString(d) : value.toString());
        });
    }

    /** This version as a reference, {@code NAME:VERSION}. */
    public ModelRef ref() {
        return ModelRef.of(name, version);
    }

    /** A copy in another stage. */
    public ModelVersion withStage(Stage newStage) {
        return new ModelVersion(name, version, newStage, sha256, sizeBytes, format, signature,
                createdAt, createdBy, description, metrics, params, tags, lineage, aliases);
    }

    /** A copy with other description, metrics and tags. */
    public ModelVersion withMetadata(String newDescription, Map<String, Double> newMetrics,
            Map<String, String> newTags) {
        return new ModelVersion(name, version, stage, sha256, sizeBytes, format, signature,
                createdAt, createdBy, newDescription, newMetrics, params, newTags, lineage, aliases);
    }

    /** A copy with other aliases. */
    public ModelVersion withAliases(List<String> newAliases) {
        return new ModelVersion(name, version, stage, sha256, sizeBytes, format, signature,
                createdAt, createdBy, description, metrics, params, tags, lineage, newAliases);
    }

    /**
     * One short line for logs and messages, e.g. {@code ModelVersion[credit:3 PRODUCTION
     * sha256=1a2b3c4d5e6f aliases=[champion] created 2026-05-01T10:00:00Z by alice]}. Metadata and
     * lineage (a Tribuo provenance can run to thousands of lines) are left out: read them from the
     * accessors.
     */
    @Override
    public String toString() {
        return "ModelVersion[" + ref() + " " + stage + " sha256=" + sha256.substring(0, Math.min(12, sha256.length()))
                + (aliases.isEmpty() ? "" : " aliases=" + aliases) + " created " + createdAt + " by " + createdBy + "]";
    }
}
