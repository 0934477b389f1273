-- Governance (PostgreSQL).

-- Audit actions such as promotion_refused are longer than the 16 characters of the first schema.
ALTER TABLE mlops_audit ALTER COLUMN action TYPE VARCHAR(32);

-- The signature of the registry that attached a piece of evidence (empty when unsigned).
ALTER TABLE mlops_evidence ADD COLUMN signature_algorithm TEXT NOT NULL DEFAULT '';
ALTER TABLE mlops_evidence ADD COLUMN signature_key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE mlops_evidence ADD COLUMN signature_value TEXT NOT NULL DEFAULT '';
