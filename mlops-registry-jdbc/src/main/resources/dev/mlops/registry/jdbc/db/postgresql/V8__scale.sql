-- Indexes for models with many versions (PostgreSQL).

-- One model's versions in search order, to the version: a search of one model reads them newest
-- first and stops at the page's end.
CREATE INDEX mlops_versions_name_order ON mlops_versions (name, created_at, version);
DROP INDEX mlops_versions_name_created;

-- NAME@stage: the versions of one model in one stage, in version order.
CREATE INDEX mlops_versions_name_stage ON mlops_versions (name, stage, version);
DROP INDEX mlops_versions_stage;

-- A search of one model with a tag reads that tag's versions of the model in search order.
CREATE INDEX mlops_version_tags_name ON mlops_version_tags (name, tag_hash, created_at, version);

-- Statistics for the planner's choice between the new indexes and the primary keys, on servers
-- where autovacuum does not gather them.
ANALYZE mlops_versions, mlops_version_tags, mlops_version_metrics;

-- The governance entries of one model (policies, approvals, promotions, rollbacks, deletions) without
-- reading its registrations: the registry decides a promotion on them.
CREATE INDEX mlops_audit_name_action ON mlops_audit (name, action, seq);
