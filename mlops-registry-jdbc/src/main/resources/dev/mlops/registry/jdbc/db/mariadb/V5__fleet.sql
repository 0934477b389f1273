-- Experiments and telemetry shared by a fleet (MariaDB and MySQL). Times are epoch milliseconds.
-- Names are ASCII with binary collation; statements are idempotent (DDL commits one at a time).

-- Every revision of every experiment; the newest is the experiment. A change inserts revision n + 1
-- after reading n in the same transaction: the primary key makes one of two such writers fail.
CREATE TABLE IF NOT EXISTS mlops_experiment_revisions (
    id          VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    revision    BIGINT NOT NULL,
    state       VARCHAR(20) NOT NULL,
    definition  LONGTEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  MEDIUMTEXT NOT NULL,
    change_kind VARCHAR(40) NOT NULL,
    reason      MEDIUMTEXT NOT NULL,
    PRIMARY KEY (id, revision)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One instance's counts of one subject for one window, replaced by every flush.
CREATE TABLE IF NOT EXISTS mlops_telemetry (
    kind         VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    subject      VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    instance     VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    window_start BIGINT NOT NULL,
    written_at   BIGINT NOT NULL,
    payload      LONGTEXT NOT NULL,
    PRIMARY KEY (kind, subject, instance, window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
