-- Governance (MariaDB/MySQL). Statements are idempotent: MariaDB commits DDL one statement at a
-- time, and a script interrupted half-way must be able to run again.

-- Audit actions such as promotion_refused are longer than the 16 characters of the first schema.
ALTER TABLE mlops_audit MODIFY action VARCHAR(32) NOT NULL;

-- The signature of the registry that attached a piece of evidence (empty when unsigned).
ALTER TABLE mlops_evidence ADD COLUMN IF NOT EXISTS signature_algorithm VARCHAR(100) NOT NULL DEFAULT '';
ALTER TABLE mlops_evidence ADD COLUMN IF NOT EXISTS signature_key_id VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE mlops_evidence ADD COLUMN IF NOT EXISTS signature_value TEXT NOT NULL DEFAULT '';
