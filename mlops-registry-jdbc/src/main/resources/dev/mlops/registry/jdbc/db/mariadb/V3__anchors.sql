-- Tamper evidence and durability (MariaDB/MySQL). Statements are idempotent: MariaDB commits DDL
-- one statement at a time, and a script interrupted half-way must be able to run again.

-- The state digest of the version an audit entry changed (empty for entries that change none, and
-- for entries written before digests were recorded).
ALTER TABLE mlops_audit ADD COLUMN IF NOT EXISTS state VARCHAR(64) NOT NULL DEFAULT '';

-- The anchored head of each model's audit log, kept in the model's row apart from the log: the
-- newest entry's seq and hash, and the signature of the registry that appended it (empty when
-- unsigned). anchor_seq 0: no anchor.
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_hash VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_signature_algorithm VARCHAR(100) NOT NULL DEFAULT '';
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_signature_key_id VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_signature_value TEXT NOT NULL DEFAULT '';
-- Logs written before anchors get their current head as the anchor (trust on first use).
UPDATE mlops_models m JOIN mlops_audit a ON a.name = m.name AND a.seq = m.audit_head
    SET m.anchor_seq = m.audit_head, m.anchor_hash = a.hash
    WHERE m.anchor_seq = 0 AND m.audit_head > 0;

-- Store-wide settings, such as signaturesRequired.
CREATE TABLE IF NOT EXISTS mlops_settings (
    setting_name  VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,
    setting_value TEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Artifacts being written chunk by chunk, each chunk committed on its own so that memory stays
-- bounded: an upload whose writer died is removed, chunks and all, by a later open.
CREATE TABLE IF NOT EXISTS mlops_artifact_uploads (
    blob_id    VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,
    started_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
