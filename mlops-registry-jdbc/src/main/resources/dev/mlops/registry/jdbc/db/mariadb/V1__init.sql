-- The first schema of the JDBC model store, MariaDB and MySQL. Times are epoch milliseconds.
-- Model names and aliases are ASCII with binary collation, so that they order as in Java (search pages
-- follow a total order that includes the name); free text is utf8mb4, compared as bytes. Statements
-- are idempotent (indexes are declared inside CREATE TABLE IF NOT EXISTS, which MySQL also accepts):
-- DDL commits one statement at a time, and a script interrupted half-way must be able to run again.

-- One row per model: the lock every write takes, and the heads that registries poll.
CREATE TABLE IF NOT EXISTS mlops_models (
    name           VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,
    latest_version INTEGER NOT NULL,
    version_count  INTEGER NOT NULL,
    audit_head     BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS mlops_versions (
    name                VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version             INTEGER NOT NULL,
    stage               VARCHAR(16) NOT NULL,
    sha256              VARCHAR(64) NOT NULL,
    size_bytes          BIGINT NOT NULL,
    format              MEDIUMTEXT NOT NULL,
    signature_algorithm MEDIUMTEXT NOT NULL,
    signature_key_id    MEDIUMTEXT NOT NULL,
    signature_value     MEDIUMTEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    created_by          MEDIUMTEXT NOT NULL,
    description         LONGTEXT NOT NULL,
    metrics             LONGTEXT NOT NULL,
    params              LONGTEXT NOT NULL,
    tags                LONGTEXT NOT NULL,
    lineage_parent      MEDIUMTEXT NOT NULL,
    lineage_data        MEDIUMTEXT NOT NULL,
    lineage_provenance  LONGTEXT NOT NULL,
    idempotency_key     VARCHAR(200),
    PRIMARY KEY (name, version),
    CONSTRAINT mlops_versions_idempotency UNIQUE (name, idempotency_key),
    -- search order (created, name, version), both directions
    INDEX mlops_versions_created (created_at, name, version),
    -- one model's versions by time
    INDEX mlops_versions_name_created (name, created_at),
    -- name@production and stage filters
    INDEX mlops_versions_stage (name, stage)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Search index of tags: one row per tag of a version (hash of key and value; see versions.tags),
-- with the version's creation time, so that a search for a tag reads its versions in search order.
CREATE TABLE IF NOT EXISTS mlops_version_tags (
    name       VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version    INTEGER NOT NULL,
    tag_hash   VARCHAR(32) NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (name, version, tag_hash),
    INDEX mlops_version_tags_tag (tag_hash, created_at, name, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Search index of metrics: one row per metric of a version (hash of the metric name).
CREATE TABLE IF NOT EXISTS mlops_version_metrics (
    name         VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version      INTEGER NOT NULL,
    metric_hash  VARCHAR(32) NOT NULL,
    metric_value DOUBLE NOT NULL,
    PRIMARY KEY (name, version, metric_hash),
    INDEX mlops_version_metrics_range (metric_hash, metric_value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS mlops_aliases (
    name    VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    alias   VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (name, alias)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS mlops_audit (
    name          VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    seq           BIGINT NOT NULL,
    event_time    BIGINT NOT NULL,
    actor         MEDIUMTEXT NOT NULL,
    action        VARCHAR(16) NOT NULL,
    version       INTEGER NOT NULL,
    from_state    MEDIUMTEXT NOT NULL,
    to_state      MEDIUMTEXT NOT NULL,
    reason        LONGTEXT NOT NULL,
    detail        LONGTEXT NOT NULL,
    previous_hash VARCHAR(64) NOT NULL,
    hash          VARCHAR(64) NOT NULL,
    PRIMARY KEY (name, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS mlops_evidence (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version    INTEGER NOT NULL,
    kind       MEDIUMTEXT NOT NULL,
    event_time BIGINT NOT NULL,
    actor      MEDIUMTEXT NOT NULL,
    document   LONGTEXT NOT NULL,
    INDEX mlops_evidence_version (name, version, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS mlops_performance (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    name         VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    version      INTEGER NOT NULL,
    event_time   BIGINT NOT NULL,
    sample_count BIGINT NOT NULL,
    metrics      LONGTEXT NOT NULL,
    INDEX mlops_performance_version (name, version, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Artifacts stored in the database: one row per distinct content, its bytes in chunks. Chunks are
-- written under a random blob id because the digest is known only after the last byte.
CREATE TABLE IF NOT EXISTS mlops_artifacts (
    sha256      VARCHAR(64) PRIMARY KEY,
    size_bytes  BIGINT NOT NULL,
    chunk_count INTEGER NOT NULL,
    blob_id     VARCHAR(32) NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS mlops_artifact_chunks (
    blob_id VARCHAR(32) NOT NULL,
    seq     INTEGER NOT NULL,
    data    LONGBLOB NOT NULL,
    PRIMARY KEY (blob_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
