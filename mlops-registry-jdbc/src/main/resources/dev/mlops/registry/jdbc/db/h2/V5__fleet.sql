-- Experiments and telemetry shared by a fleet (H2). Times are epoch milliseconds. Statements are
-- idempotent: H2 commits DDL one statement at a time.

-- Every revision of every experiment; the newest is the experiment. A change inserts revision n + 1
-- after reading n in the same transaction: the primary key makes one of two such writers fail.
CREATE TABLE IF NOT EXISTS mlops_experiment_revisions (
    id          VARCHAR(100) NOT NULL,
    revision    BIGINT NOT NULL,
    state       VARCHAR(20) NOT NULL,
    definition  CHARACTER LARGE OBJECT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  VARCHAR NOT NULL,
    change_kind VARCHAR(40) NOT NULL,
    reason      VARCHAR NOT NULL,
    PRIMARY KEY (id, revision)
);

-- One instance's counts of one subject for one window, replaced by every flush.
CREATE TABLE IF NOT EXISTS mlops_telemetry (
    kind         VARCHAR(100) NOT NULL,
    subject      VARCHAR(100) NOT NULL,
    instance     VARCHAR(100) NOT NULL,
    window_start BIGINT NOT NULL,
    written_at   BIGINT NOT NULL,
    payload      CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (kind, subject, instance, window_start)
);
