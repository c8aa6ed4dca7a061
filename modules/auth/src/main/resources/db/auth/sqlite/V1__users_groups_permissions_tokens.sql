-- SQLite: timestamps as fixed-width ISO text, booleans as 0/1 (see the entity service's migration).
-- Users, groups and permissions as Django's auth app keeps them, plus refresh tokens, revoked token ids
-- and this service's own audit trail.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  username      VARCHAR(150) NOT NULL UNIQUE,
  password      VARCHAR(256) NOT NULL,
  email         VARCHAR(254) NOT NULL DEFAULT '',
  first_name    VARCHAR(150) NOT NULL DEFAULT '',
  last_name     VARCHAR(150) NOT NULL DEFAULT '',
  is_active     INTEGER      NOT NULL DEFAULT 1,
  is_staff      INTEGER      NOT NULL DEFAULT 0,
  is_superuser  INTEGER      NOT NULL DEFAULT 0,
  date_joined   TEXT     NOT NULL,
  last_login    TEXT   ,
  version       BIGINT       NOT NULL DEFAULT 1,
  created_at    TEXT     NOT NULL,
  updated_at    TEXT     NOT NULL
);

CREATE TABLE groups (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        VARCHAR(150) NOT NULL UNIQUE,
  version     BIGINT       NOT NULL DEFAULT 1,
  created_at  TEXT     NOT NULL,
  updated_at  TEXT     NOT NULL
);

-- every codename <table>.<action>; a new resource adds its rows in a new migration
CREATE TABLE permissions (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  codename  VARCHAR(100) NOT NULL UNIQUE
);

CREATE TABLE user_groups (
  user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  group_id  BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);
CREATE INDEX user_groups_group_id_idx ON user_groups (group_id);

CREATE TABLE user_permissions (
  user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  permission_id  BIGINT NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, permission_id)
);

CREATE TABLE group_permissions (
  group_id       BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  permission_id  BIGINT NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, permission_id)
);

-- refresh tokens are stored as SHA-256 hex; a family is one login and every rotation of it
CREATE TABLE auth_refresh_tokens (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash  VARCHAR(64)  NOT NULL UNIQUE,
  family      VARCHAR(64)  NOT NULL,
  user_id     BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  TEXT     NOT NULL,
  expires_at  TEXT     NOT NULL,
  used_at     TEXT   ,
  revoked_at  TEXT   
);
CREATE INDEX auth_refresh_tokens_family_idx ON auth_refresh_tokens (family);
CREATE INDEX auth_refresh_tokens_user_idx ON auth_refresh_tokens (user_id);

-- access and session token ids denied until they expire (epoch seconds)
CREATE TABLE auth_revoked_tokens (
  jti         VARCHAR(64) PRIMARY KEY,
  expires_at  BIGINT      NOT NULL
);

CREATE TABLE auth_audit_log (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  resource        VARCHAR(64)  NOT NULL,
  record_id       BIGINT       NOT NULL,
  action          VARCHAR(16)  NOT NULL,
  actor_id        BIGINT,
  actor_username  VARCHAR(150),
  at              TEXT     NOT NULL,
  from_status     VARCHAR(16),
  to_status       VARCHAR(16),
  comment         TEXT         NOT NULL DEFAULT '',
  changes         TEXT         NOT NULL,
  request_id      VARCHAR(128)
);
CREATE INDEX auth_audit_log_record_idx ON auth_audit_log (resource, record_id, id);

INSERT INTO permissions (codename) VALUES
  ('suppliers.view'),
  ('suppliers.add'),
  ('suppliers.change'),
  ('suppliers.delete'),
  ('suppliers.approve'),
  ('suppliers.export'),
  ('suppliers.import'),
  ('products.view'),
  ('products.add'),
  ('products.change'),
  ('products.delete'),
  ('products.approve'),
  ('products.export'),
  ('products.import'),
  ('purchase_orders.view'),
  ('purchase_orders.add'),
  ('purchase_orders.change'),
  ('purchase_orders.delete'),
  ('purchase_orders.approve'),
  ('purchase_orders.export'),
  ('purchase_orders.import'),
  ('users.view'),
  ('users.add'),
  ('users.change'),
  ('users.delete'),
  ('users.approve'),
  ('users.export'),
  ('users.import'),
  ('groups.view'),
  ('groups.add'),
  ('groups.change'),
  ('groups.delete'),
  ('groups.approve'),
  ('groups.export'),
  ('groups.import');
