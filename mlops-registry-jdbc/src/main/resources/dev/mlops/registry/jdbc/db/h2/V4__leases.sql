-- Leases on models (one retraining of a model at a time across processes): the last grant, kept
-- after it expired or was released so that the next grant's fencing token is larger.
-- expires_at is epoch milliseconds of the database's clock.
CREATE TABLE IF NOT EXISTS mlops_leases (
    name       VARCHAR(200) PRIMARY KEY,
    holder     VARCHAR(200) NOT NULL,
    token      BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
