package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.core.Leases;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.spi.Lease;
import dev.mlops.spi.LeaseStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    @Test
    @DisplayName("a RUNNING job whose lease expired reads FAILED, with the jobs it started, in every registry")
    default void leasedJobsOfDeadHolders() throws Exception {
        Optional<LeaseStore> found = Leases.of(registry());
        assumeTrue(found.isPresent(), "the store has no leases");
        LeaseStore leases = found.get();
        Lease lease = leases.acquire("leased-jobs", "holder-1", Duration.ofMillis(300)).orElseThrow();
        registry().recordJob(new JobRecord("child", "leased-jobs", "training", "QUEUED", START, "{}"));
        registry().recordJob(new JobRecord("parent", "leased-jobs", "retraining", "RUNNING", START,
                "{\"" + JobRecord.LEASE_TOKEN + "\":" + lease.token() + ",\"" + JobRecord.CHILD_JOBS + "\":[\"child\"]}"));
        assertThat(registry().jobs("leased-jobs")).extracting(JobRecord::status).containsExactly("QUEUED", "RUNNING");
        Thread.sleep(600);
        ModelRegistry other = open(b -> { });
        assertThat(other.jobs("leased-jobs")).as("another registry on the store")
                .extracting(JobRecord::status).containsExactly("FAILED", "FAILED");
        assertThat(registry().jobs("leased-jobs")).extracting(JobRecord::status).containsExactly("FAILED", "FAILED");
        assertThat(registry().history("leased-jobs")).filteredOn(e -> e.to().equals("FAILED")).hasSize(2);
    }
}
