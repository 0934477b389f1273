-- Indexes for models with many versions (MariaDB/MySQL). Statements are idempotent: MariaDB
-- commits DDL one statement at a time, and a script interrupted half-way must be able to run again.

-- One model's versions in search order, to the version: a search of one model reads them newest
-- first and stops at the page's end.
CREATE INDEX IF NOT EXISTS mlops_versions_name_order ON mlops_versions (name, created_at, version);
DROP INDEX IF EXISTS mlops_versions_name_created ON mlops_versions;

-- NAME@stage: the versions of one model in one stage, in version order.
CREATE INDEX IF NOT EXISTS mlops_versions_name_stage ON mlops_versions (name, stage, version);
DROP INDEX IF EXISTS mlops_versions_stage ON mlops_versions;

-- A search of one model with a tag reads that tag's versions of the model in search order.
CREATE INDEX IF NOT EXISTS mlops_version_tags_name ON mlops_version_tags (name, tag_hash, created_at, version);

-- Statistics for the planner's choice between the new indexes and the primary keys.
ANALYZE TABLE mlops_versions, mlops_version_tags, mlops_version_metrics;

-- The governance entries of one model (policies, approvals, promotions, rollbacks, deletions) without
-- reading its registrations: the registry decides a promotion on them.
CREATE INDEX IF NOT EXISTS mlops_audit_name_action ON mlops_audit (name, action, seq);
