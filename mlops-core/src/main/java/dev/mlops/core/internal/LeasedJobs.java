package dev.mlops.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.registry.JobRecord;
import dev.mlops.spi.Lease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Jobs whose process died: a job recorded RUNNING under the model's lease
 * ({@value JobRecord#LEASE_TOKEN} in its document) whose lease is no longer held with that token
 * has lost it, so its process is gone (a live holder records its final status before it releases
 * the lease). Such a job, and the jobs it started ({@value JobRecord#CHILD_JOBS}) that are still
 * RUNNING or QUEUED, are FAILED.
 */
final class LeasedJobs {

    static final String LOST_LEASE = "its process stopped: its lease on the model expired";
    static final String PARENT_LOST_LEASE = "its process stopped: the lease of the job that started it expired";

    private LeasedJobs() {
    }

    /** Whether any job runs under a lease, so that the lease needs a look. */
    static boolean anyLeased(List<JobRecord> jobs) {
        for (JobRecord job : jobs) {
            if (job.status().equals("RUNNING") && job.document().contains(JobRecord.LEASE_TOKEN)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The FAILED records of the jobs that lost their lease, and of the jobs they started.
     *
     * @param jobs the model's jobs, read after {@code current} was
     * @param current the model's unexpired lease, if any
     */
    static List<JobRecord> orphaned(List<JobRecord> jobs, Optional<Lease> current, Instant now) {
        List<JobRecord> failed = new ArrayList<>();
        Set<String> children = new HashSet<>();
        for (JobRecord job : jobs) {
            if (!job.status().equals("RUNNING") || !job.document().contains(JobRecord.LEASE_TOKEN)) {
                continue;
            }
            JsonNode document = read(job.document());
            JsonNode token = document.path(JobRecord.LEASE_TOKEN);
            if (!token.isIntegralNumber() || current.map(l -> l.token() == token.asLong()).orElse(false)) {
                continue;
            }
            ObjectNode marked = (ObjectNode) document;
            marked.put("error", LOST_LEASE);
            failed.add(new JobRecord(job.id(), job.model(), job.kind(), "FAILED", now, Json.write(marked)));
            document.path(JobRecord.CHILD_JOBS).forEach(id -> children.add(id.asText()));
        }
        for (JobRecord job : jobs) {
            if (children.contains(job.id()) && (job.status().equals("RUNNING") || job.status().equals("QUEUED"))) {
                JsonNode document = read(job.document());
                ObjectNode marked = document instanceof ObjectNode o ? o : Json.object();
                marked.put("status", "FAILED");
                marked.put("error", PARENT_LOST_LEASE);
                failed.add(new JobRecord(job.id(), job.model(), job.kind(), "FAILED", now, Json.write(marked)));
            }
        }
        return failed;
    }

    /** {@code jobs} with the {@code replaced} records in their places. */
    static List<JobRecord> with(List<JobRecord> jobs, List<JobRecord> replaced) {
        List<JobRecord> result = new ArrayList<>(jobs.size());
        for (JobRecord job : jobs) {
            result.add(replaced.stream().filter(r -> r.id().equals(job.id())).findFirst().orElse(job));
        }
        return List.copyOf(result);
    }

    private static JsonNode read(String document) {
        try {
            JsonNode node = Json.read(document);
            return node.isObject() ? node : Json.object();
        } catch (RuntimeException e) {
            // a document that is not JSON names no lease; it is judged by its status alone
            return Json.object();
        }
    }
}
