-- Tamper evidence and durability (H2). Statements are idempotent: H2 commits DDL one statement at a
-- time, and a script interrupted half-way must be able to run again.

-- The state digest of the version an audit entry changed (empty for entries that change none, and
-- for entries written before digests were recorded).
ALTER TABLE mlops_audit ADD COLUMN IF NOT EXISTS state VARCHAR(64) DEFAULT '' NOT NULL;

-- The anchored head of each model's audit log, kept in the model's row apart from the log: the
-- newest entry's seq and hash, and the signature of the registry that appended it (empty when
-- unsigned). anchor_seq 0: no anchor.
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_hash VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_signature_algorithm VARCHAR DEFAULT '' NOT NULL;
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_signature_key_id VARCHAR DEFAULT '' NOT NULL;
ALTER TABLE mlops_models ADD COLUMN IF NOT EXISTS anchor_signature_value VARCHAR DEFAULT '' NOT NULL;
-- Logs written before anchors get their current head as the anchor (trust on first use).
UPDATE mlops_models SET anchor_seq = audit_head, anchor_hash = (SELECT a.hash FROM mlops_audit a
    WHERE a.name = mlops_models.name AND a.seq = mlops_models.audit_head)
    WHERE anchor_seq = 0 AND audit_head > 0;

-- Store-wide settings, such as signaturesRequired.
CREATE TABLE IF NOT EXISTS mlops_settings (
    setting_name  VARCHAR(100) PRIMARY KEY,
    setting_value VARCHAR(1000) NOT NULL
);

-- Artifacts being written chunk by chunk, each chunk committed on its own so that memory stays
-- bounded: an upload whose writer died is removed, chunks and all, by a later open.
CREATE TABLE IF NOT EXISTS mlops_artifact_uploads (
    blob_id    VARCHAR(32) PRIMARY KEY,
    started_at BIGINT NOT NULL
);
