package dev.mlops.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stored record of a job that works on a model, such as a training job: kept in the registry
 * so that every service instance and operator sees it, including jobs that failed before any
 * version existed. Recording a job with the same id again replaces the record.
 *
 * <p>A job that runs under the model's lease ({@link dev.mlops.spi.LeaseStore}) says so with the
 * lease's token as {@value #LEASE_TOKEN} in its document, and names the jobs it started in
 * {@value #CHILD_JOBS}: once that lease is no longer held with that token while the job is still
 * RUNNING, its process is gone, and every reader of the registry's jobs finds it, and the jobs it
 * started, FAILED.
 *
 * <p>Construction throws {@link IllegalArgumentException} when the id or a text breaks its rule
 * ({@link Limits}).
 *
 * @param id the job's id: letters, digits, {@code .}, {@code _} or {@code -}, at most 100
 * @param model the model the job works on
 * @param kind what the job does, e.g. {@code training}
 * @param status its status, e.g. {@code RUNNING} or {@code FAILED}
 * @param updatedAt when this record was made, truncated to milliseconds
 * @param document the job's details as JSON, verbatim
 */
public record JobRecord(String id, String model, String kind, String status, Instant updatedAt,
        String document) {

    /** The document field holding the fencing token of the lease a job runs under: {@value}. */
    public static final String LEASE_TOKEN = "leaseToken";
    /** The document field listing the ids of the jobs a leased job started: {@value}. */
    public static final String CHILD_JOBS = "trainingJobs";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public JobRecord {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("job id must be 1 to 100 letters, digits, '.', '_' or"
                    + " '-', got '" + id + "'");
        }
        ModelNames.requireValid(model);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if (kind.isBlank() || status.isBlank()) {
            throw new IllegalArgumentException("job kind and status must not be blank");
        }
        Limits.requireLine("job kind", kind, Limits.MAX_LABEL_LENGTH);
        Limits.requireLine("job status", status, Limits.MAX_LABEL_LENGTH);
        updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
        Limits.requireText("job document", document, Limits.MAX_DOCUMENT_LENGTH);
    }
}
