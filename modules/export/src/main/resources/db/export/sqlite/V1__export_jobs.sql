-- Export jobs: a queue in the database, so any node with a free worker claims the next one, and a job whose
-- node stopped is found by its stale heartbeat. Times are epoch milliseconds (the same on both dialects).
CREATE TABLE export_jobs (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  resource      TEXT    NOT NULL,
  format        TEXT    NOT NULL,
  filters       TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  row_count     BIGINT  NOT NULL DEFAULT 0,
  progress      INTEGER NOT NULL DEFAULT 0,
  error         TEXT,
  file          TEXT,
  filename      TEXT    NOT NULL,
  user_id       BIGINT  NOT NULL,
  caller        TEXT    NOT NULL,
  node          TEXT,
  created_at    BIGINT  NOT NULL,
  started_at    BIGINT,
  heartbeat_at  BIGINT,
  finished_at   BIGINT
);
CREATE INDEX export_jobs_status_idx ON export_jobs (status, id);
