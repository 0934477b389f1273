-- test-only: the first schema
CREATE TABLE mlops_test_things (
    id    INTEGER NOT NULL PRIMARY KEY,
    label VARCHAR(50) NOT NULL
);
