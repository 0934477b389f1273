package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Job records: stored per model, replaced by id, audited, and independent of versions. */
interface JobTests extends TckGroup {

    @Test
    @DisplayName("job records are replaced by id, keep their first order, and need no version")
    default void jobs() {
        registry().recordJob(new JobRecord("job-a", "jobbed", "training", "QUEUED", START, "{\"p\":0}"));
        registry().recordJob(new JobRecord("job-b", "jobbed", "training", "RUNNING", START, "{}"));
        clock().advance(Duration.ofSeconds(5));
        registry().recordJob(new JobRecord("job-a", "jobbed", "training", "FAILED",
                START.plusSeconds(5), "{\"error\":\"out of memory; 'quoted'\"}"));
        List<JobRecord> jobs = registry().jobs("jobbed");
        assertThat(jobs).extracting(JobRecord::id).containsExactly("job-a", "job-b");
        assertThat(jobs.get(0).status()).isEqualTo("FAILED");
        assertThat(jobs.get(0).document()).isEqualTo("{\"error\":\"out of memory; 'quoted'\"}");
        assertThat(jobs.get(0).updatedAt()).isEqualTo(START.plusSeconds(5));
        assertThat(registry().models()).as("a model without versions is not listed").isEmpty();
        assertThat(registry().history("jobbed")).extracting(AuditEvent::action)
                .containsOnly(AuditAction.JOB);
        assertThat(registry().jobs("nobody")).isEmpty();
        register("jobbed");
        assertThat(registry().models()).extracting(ModelSummary::name).containsExactly("jobbed");
        assertThat(open(b -> { }).jobs("jobbed")).isEqualTo(registry().jobs("jobbed"));
    }
}
