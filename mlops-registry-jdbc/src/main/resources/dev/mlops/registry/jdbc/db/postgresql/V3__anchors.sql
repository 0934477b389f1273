-- Tamper evidence and durability (PostgreSQL).

-- The state digest of the version an audit entry changed (empty for entries that change none, and
-- for entries written before digests were recorded).
ALTER TABLE mlops_audit ADD COLUMN state VARCHAR(64) NOT NULL DEFAULT '';

-- The anchored head of each model's audit log, kept in the model's row apart from the log: the
-- newest entry's seq and hash, and the signature of the registry that appended it (empty when
-- unsigned). anchor_seq 0: no anchor.
ALTER TABLE mlops_models ADD COLUMN anchor_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mlops_models ADD COLUMN anchor_hash VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE mlops_models ADD COLUMN anchor_signature_algorithm TEXT NOT NULL DEFAULT '';
ALTER TABLE mlops_models ADD COLUMN anchor_signature_key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE mlops_models ADD COLUMN anchor_signature_value TEXT NOT NULL DEFAULT '';
-- Logs written before anchors get their current head as the anchor (trust on first use).
UPDATE mlops_models m SET anchor_seq = m.audit_head, anchor_hash = a.hash FROM mlops_audit a
    WHERE a.name = m.name AND a.seq = m.audit_head AND m.anchor_seq = 0 AND m.audit_head > 0;

-- Store-wide settings, such as signaturesRequired.
CREATE TABLE mlops_settings (
    setting_name  VARCHAR(100) COLLATE "C" PRIMARY KEY,
    setting_value TEXT NOT NULL
);

-- Artifacts being written chunk by chunk, each chunk committed on its own so that memory stays
-- bounded: an upload whose writer died is removed, chunks and all, by a later open.
CREATE TABLE mlops_artifact_uploads (
    blob_id    VARCHAR(32) PRIMARY KEY,
    started_at BIGINT NOT NULL
);
