-- Idempotency keys of this service's writes (IdempotencyKeys): one row per user and key, inserted in the write's
-- own transaction with the fingerprint of the request (method, path, query, body) and, before it commits, the
-- reply that a retry with the same key gets again. created_at is epoch milliseconds (the same on both dialects);
-- rows older than IDEMPOTENCY_TTL_HOURS are purged. One file for both dialects: BIGINT is SQLite's INTEGER.
CREATE TABLE auth_idempotency_keys (
  user_id          BIGINT NOT NULL,
  idempotency_key  TEXT   NOT NULL,
  fingerprint      TEXT   NOT NULL,
  reply_body       TEXT,
  reply_id         BIGINT,
  reply_version    BIGINT,
  created_at       BIGINT NOT NULL,
  PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX auth_idempotency_keys_created_idx ON auth_idempotency_keys (created_at);
