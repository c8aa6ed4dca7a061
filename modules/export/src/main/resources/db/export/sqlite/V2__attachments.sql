-- Files attached to a record of any resource (see the PostgreSQL migration). SQLite keeps timestamps as
-- fixed-width ISO text (text order is time order); AUTOINCREMENT so ids are never reused, as sequences.
CREATE TABLE attachments (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  resource      TEXT    NOT NULL,
  record_id     INTEGER NOT NULL,
  filename      TEXT    NOT NULL,
  content_type  TEXT    NOT NULL,
  size          INTEGER NOT NULL CHECK (size >= 0),
  sha256        TEXT    NOT NULL,
  storage_name  TEXT    NOT NULL UNIQUE,
  uploaded_by   INTEGER NOT NULL,
  created_at    TEXT    NOT NULL
);
CREATE INDEX attachments_record_idx ON attachments (resource, record_id);
