-- test-only: an upgrade that changes a table and its data
ALTER TABLE mlops_test_things ADD COLUMN note VARCHAR(50);
UPDATE mlops_test_things SET note = 'migrated';
