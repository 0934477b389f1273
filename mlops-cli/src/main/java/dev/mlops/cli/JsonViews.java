package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ArtifactVerification;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.AuditVerification;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the command's results, as CLI.md fixes them: field names and order are part
 * of the contract. Times are ISO-8601 UTC strings; absent values are {@code null}.
 */
final class JsonViews {

    private JsonViews() {
    }

    /** One version; {@code name} to {@code aliases} are the contract, the rest is extra. */
    record Version(String name, int version, String stage, String sha256, long sizeBytes,
            String createdAt, String createdBy, Map<String, Double> metrics,
            Map<String, String> params, Map<String, String> tags, List<String> aliases,
            String description, String format, Signature signature, LineageView lineage) {

        static Version of(ModelVersion v) {
            return new Version(v.name(), v.version(), v.stage().name(), v.sha256(), v.sizeBytes(),
                    iso(v.createdAt()), v.createdBy(), v.metrics(), v.params(), v.tags(),
                    v.aliases(), orNull(v.description()), orNull(v.format()),
                    v.signature().isPresent()
                            ? new Signature(v.signature().algorithm(), v.signature().keyId())
                            : null,
                    LineageView.of(v.lineage()));
        }
    }

    /** Who signed an artifact; the signature value itself is of no use on a terminal. */
    record Signature(String algorithm, String keyId) {
    }

    /** Where a version came from. */
    record LineageView(String parent, String dataFingerprint, String provenance) {

        static LineageView of(Lineage lineage) {
            return new LineageView(orNull(lineage.parent()), orNull(lineage.dataFingerprint()),
                    orNull(lineage.provenance()));
        }
    }

    /** One model in {@code list}. */
    record Model(String name, int latestVersion, Integer productionVersion, int versionCount) {

        static Model of(ModelSummary m) {
            return new Model(m.name(), m.latestVersion(), versionOrNull(m.productionVersion()),
                    m.versionCount());
        }
    }

    /** One job record in {@code jobs}; its document is the job's own JSON. */
    record Job(String id, String model, String kind, String status, String updatedAt,
            JsonNode document) {

        static Job of(JobRecord job) {
            return new Job(job.id(), job.model(), job.kind(), job.status(), iso(job.updatedAt()),
                    Json.read(job.document()));
        }
    }

    /** One audit event in {@code history}. */
    record Event(long seq, String time, String actor, String action, String name, Integer version,
            String from, String to, String reason, String detail, String hash) {

        static Event of(AuditEvent e) {
            return new Event(e.seq(), iso(e.time()), e.actor(), e.action().id(), e.name(),
                    versionOrNull(e.version()), orNull(e.from()), orNull(e.to()),
                    orNull(e.reason()), orNull(e.detail()), e.hash());
        }
    }

    /** The outcome of {@code verify}. */
    record Verification(String name, int version, boolean intact, boolean digestValid,
            String signature, String expectedSha256, String actualSha256, String message) {

        static Verification of(ArtifactVerification check) {
            ModelVersion v = check.version();
            return new Verification(v.name(), v.version(), check.intact(), check.digestValid(),
                    check.signatureStatus().name(), v.sha256(), orNull(check.actualSha256()),
                    check.message());
        }
    }

    /** The outcome of {@code audit verify}. */
    record AuditCheck(boolean valid, int models, long events, List<String> problems) {

        static AuditCheck of(AuditVerification check) {
            return new AuditCheck(check.valid(), check.models(), check.events(), check.problems());
        }
    }

    /** One move of an alias. */
    record Alias(String name, String alias, Integer fromVersion, int toVersion, String time,
            String actor) {

        static Alias of(AliasMove move) {
            return new Alias(move.name(), move.alias(), versionOrNull(move.fromVersion()),
                    move.toVersion(), iso(move.time()), move.actor());
        }
    }

    /** A downloaded artifact. */
    record Download(String name, int version, String sha256, long sizeBytes, String out) {
    }

    private static String iso(Instant instant) {
        return instant.toString();
    }

    private static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }

    private static Integer versionOrNull(int version) {
        return version == 0 ? null : version;
    }
}
