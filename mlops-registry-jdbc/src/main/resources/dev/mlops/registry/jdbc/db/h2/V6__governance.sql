-- Governance (H2). Statements are idempotent: H2 commits DDL one statement at a time, and a script
-- interrupted half-way must be able to run again.

-- Audit actions such as promotion_refused are longer than the 16 characters of the first schema.
-- H2 copies the table to change the column and the copy has no statistics: ANALYZE gives them
-- back, else the planner scans the log and writers of several processes time out on its locks.
ALTER TABLE mlops_audit ALTER COLUMN action SET DATA TYPE VARCHAR(32);
ANALYZE;

-- The signature of the registry that attached a piece of evidence (empty when unsigned).
ALTER TABLE mlops_evidence ADD COLUMN IF NOT EXISTS signature_algorithm VARCHAR DEFAULT '' NOT NULL;
ALTER TABLE mlops_evidence ADD COLUMN IF NOT EXISTS signature_key_id VARCHAR DEFAULT '' NOT NULL;
ALTER TABLE mlops_evidence ADD COLUMN IF NOT EXISTS signature_value VARCHAR DEFAULT '' NOT NULL;
