-- Performance records (H2): the instance that measured and the drift summary as their own columns.
-- Rows written before have neither (NULL: not named, not checked); their drift, if any, stays in
-- the metrics under the drift.* keys, which the monitoring code reads back.
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS instance VARCHAR(200);
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS drift_severity VARCHAR(16);
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS drifted_share DOUBLE PRECISION;
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS drift_features CHARACTER LARGE OBJECT;
ALTER TABLE mlops_performance ADD COLUMN IF NOT EXISTS prediction_p DOUBLE PRECISION;
