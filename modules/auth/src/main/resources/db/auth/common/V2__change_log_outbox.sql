-- The audit trail is also the transactional outbox: each change's row carries its event (the version and
-- the record after the change); the relay numbers committed rows (event_id, in the order they became
-- visible) and marks them published once they went out on the event bus. Rows older than this migration
-- were published when they were written. One file for both dialects: SQLite stores the timestamp as the
-- fixed-width ISO text it binds (TIMESTAMPTZ has no meaning there), BIGINT is its INTEGER.
ALTER TABLE auth_audit_log ADD COLUMN version BIGINT;
ALTER TABLE auth_audit_log ADD COLUMN data TEXT;
ALTER TABLE auth_audit_log ADD COLUMN event_id BIGINT;
ALTER TABLE auth_audit_log ADD COLUMN published_at TIMESTAMPTZ;
UPDATE auth_audit_log SET published_at = at;
CREATE UNIQUE INDEX auth_audit_log_event_id_idx ON auth_audit_log (event_id);
CREATE INDEX auth_audit_log_unnumbered_idx ON auth_audit_log (id) WHERE event_id IS NULL AND published_at IS NULL;
CREATE INDEX auth_audit_log_unpublished_idx ON auth_audit_log (event_id) WHERE event_id IS NOT NULL AND published_at IS NULL;
