-- Job records (training jobs, ...): one row per job of a model, replaced in place when the job
-- changes; id keeps the order in which the jobs were first recorded.
CREATE TABLE IF NOT EXISTS mlops_jobs (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    job_id     VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    kind       MEDIUMTEXT NOT NULL,
    status     MEDIUMTEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    document   LONGTEXT NOT NULL,
    UNIQUE KEY mlops_jobs_key (name, job_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
