package dev.mlops.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.Leases;
import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spi.Lease;
import dev.mlops.spi.LeaseStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a job running under a lease its process no longer holds reads as FAILED")
class DeadJobsTest {

    @TempDir
    Path dir;

    private static List<String> statuses(ModelRegistry registry) {
        return registry.jobs("credit").stream().map(j -> j.id() + "=" + j.status()).toList();
    }

    @Test
    @DisplayName("RUNNING while the lease is held; FAILED, with the training job it started, once it expired")
    void expiry() throws Exception {
        try (ModelRegistry registry = ModelRegistries.builder("file:" + dir).refreshInterval(Duration.ZERO).open()) {
            LeaseStore leases = Leases.of(registry).orElseThrow();
            Lease lease = leases.acquire("credit", "worker-1", Duration.ofMillis(1500)).orElseThrow();
            Instant now = Instant.now();
            registry.recordJob(new JobRecord("train-1", "credit", "training", "RUNNING", now, "{\"status\":\"RUNNING\"}"));
            registry.recordJob(new JobRecord("run-1", "credit", Retrainer.JOB_KIND, "RUNNING", now,
                    "{\"leaseToken\":" + lease.token() + ",\"trainingJobs\":[\"train-1\"]}"));
            registry.recordJob(new JobRecord("plain", "credit", "training", "RUNNING", now, "{}"));
            assertThat(statuses(registry)).containsExactly("train-1=RUNNING", "run-1=RUNNING", "plain=RUNNING");

            Thread.sleep(Math.max(0, Duration.between(Instant.now(), lease.expiresAt()).toMillis()) + 100);
            assertThat(statuses(registry)).as("a job without a lease is judged by its status alone")
                    .containsExactly("train-1=FAILED", "run-1=FAILED", "plain=RUNNING");
            assertThat(registry.jobs("credit").get(1).document()).contains("lease on the model expired");
            assertThat(registry.history("credit").stream().filter(e -> e.action() == AuditAction.JOB
                    && e.to().equals("FAILED")).count()).as("each marking is audited once").isEqualTo(2);
            assertThat(statuses(registry)).containsExactly("train-1=FAILED", "run-1=FAILED", "plain=RUNNING");
            assertThat(registry.history("credit").stream().filter(e -> e.to().equals("FAILED")).count()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a run that finished and released its lease keeps its status")
    void finished() {
        try (ModelRegistry registry = ModelRegistries.builder("file:" + dir).refreshInterval(Duration.ZERO).open()) {
            LeaseStore leases = Leases.of(registry).orElseThrow();
            Lease lease = leases.acquire("credit", "worker-1", Duration.ofMinutes(1)).orElseThrow();
            registry.recordJob(new JobRecord("run-1", "credit", Retrainer.JOB_KIND, "no-trigger", Instant.now(),
                    "{\"leaseToken\":" + lease.token() + "}"));
            leases.release(lease);
            Lease next = leases.acquire("credit", "worker-2", Duration.ofMinutes(1)).orElseThrow();
            registry.recordJob(new JobRecord("run-2", "credit", Retrainer.JOB_KIND, "RUNNING", Instant.now(),
                    "{\"leaseToken\":" + next.token() + "}"));
            assertThat(statuses(registry)).containsExactly("run-1=no-trigger", "run-2=RUNNING");
            leases.release(next);
        }
    }
}
