-- Experiments and telemetry shared by a fleet (PostgreSQL). Times are epoch milliseconds.

-- Every revision of every experiment; the newest is the experiment. A change inserts revision n + 1
-- after reading n in the same transaction: the primary key makes one of two such writers fail.
CREATE TABLE mlops_experiment_revisions (
    id          VARCHAR(100) COLLATE "C" NOT NULL,
    revision    BIGINT NOT NULL,
    state       VARCHAR(20) NOT NULL,
    definition  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL,
    change_kind VARCHAR(40) NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (id, revision)
);

-- One instance's counts of one subject for one window, replaced by every flush.
CREATE TABLE mlops_telemetry (
    kind         VARCHAR(100) COLLATE "C" NOT NULL,
    subject      VARCHAR(100) COLLATE "C" NOT NULL,
    instance     VARCHAR(100) COLLATE "C" NOT NULL,
    window_start BIGINT NOT NULL,
    written_at   BIGINT NOT NULL,
    payload      TEXT NOT NULL,
    PRIMARY KEY (kind, subject, instance, window_start)
);
