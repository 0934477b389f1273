-- Performance records (MariaDB/MySQL): the instance that measured and the drift summary as their
-- own columns. Rows written before have neither (NULL: not named, not checked); their drift, if
-- any, stays in the metrics under the drift.* keys, which the monitoring code reads back. Each
-- statement is idempotent: MariaDB commits DDL one statement at a time.
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS instance VARCHAR(200) NULL;
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS drift_severity VARCHAR(16) CHARACTER SET ascii NULL;
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS drifted_share DOUBLE NULL;
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS drift_features LONGTEXT NULL;
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS prediction_p DOUBLE NULL;
