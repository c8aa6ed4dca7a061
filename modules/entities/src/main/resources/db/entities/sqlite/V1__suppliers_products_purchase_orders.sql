-- SQLite keeps timestamps as fixed-width ISO text (text order is time order), dates as ISO text,
-- booleans as 0/1 and decimals as numbers; AUTOINCREMENT so ids are never reused, as sequences.
CREATE TABLE suppliers (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  code        TEXT    NOT NULL UNIQUE,
  name        TEXT    NOT NULL,
  email       TEXT    NOT NULL DEFAULT '',
  phone       TEXT    NOT NULL DEFAULT '',
  country     TEXT    NOT NULL DEFAULT '',
  tax_id      TEXT    NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  notes       TEXT    NOT NULL DEFAULT '',
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL
);

CREATE TABLE products (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  sku             TEXT    NOT NULL UNIQUE,
  name            TEXT    NOT NULL,
  description     TEXT    NOT NULL DEFAULT '',
  category        TEXT    NOT NULL DEFAULT '',
  unit            TEXT    NOT NULL DEFAULT 'pcs',
  unit_price      NUMERIC NOT NULL CHECK (unit_price >= 0),
  currency        TEXT    NOT NULL DEFAULT 'EUR',
  supplier_id     INTEGER NOT NULL REFERENCES suppliers (id),
  stock_quantity  INTEGER NOT NULL DEFAULT 0 CHECK (stock_quantity >= 0),
  reorder_level   INTEGER NOT NULL DEFAULT 0 CHECK (reorder_level >= 0),
  active          INTEGER NOT NULL DEFAULT 1,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL
);
CREATE INDEX products_supplier_id_idx ON products (supplier_id);
CREATE INDEX products_unit_price_idx ON products (unit_price);

CREATE TABLE purchase_orders (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  number            TEXT    NOT NULL UNIQUE,
  supplier_id       INTEGER NOT NULL REFERENCES suppliers (id),
  status            TEXT    NOT NULL DEFAULT 'draft',
  currency          TEXT    NOT NULL DEFAULT 'EUR',
  order_date        TEXT    NOT NULL,
  expected_date     TEXT,
  notes             TEXT    NOT NULL DEFAULT '',
  total_amount      NUMERIC NOT NULL DEFAULT 0,
  requested_by      INTEGER,
  submitted_at      TEXT,
  decided_by        INTEGER,
  decided_at        TEXT,
  decision_comment  TEXT    NOT NULL DEFAULT '',
  version           INTEGER NOT NULL DEFAULT 1,
  created_at        TEXT    NOT NULL,
  updated_at        TEXT    NOT NULL
);
CREATE INDEX purchase_orders_supplier_id_idx ON purchase_orders (supplier_id);

CREATE TABLE purchase_order_lines (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id    INTEGER NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
  product_id  INTEGER NOT NULL REFERENCES products (id),
  quantity    NUMERIC NOT NULL CHECK (quantity > 0),
  unit_price  NUMERIC NOT NULL CHECK (unit_price >= 0),
  line_total  NUMERIC NOT NULL
);
CREATE INDEX purchase_order_lines_order_id_idx ON purchase_order_lines (order_id);
CREATE INDEX purchase_order_lines_product_id_idx ON purchase_order_lines (product_id);

CREATE TABLE purchase_order_numbers (
  year  INTEGER PRIMARY KEY,
  last  INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  resource        TEXT    NOT NULL,
  record_id       INTEGER NOT NULL,
  action          TEXT    NOT NULL,
  actor_id        INTEGER,
  actor_username  TEXT,
  at              TEXT    NOT NULL,
  from_status     TEXT,
  to_status       TEXT,
  comment         TEXT    NOT NULL DEFAULT '',
  changes         TEXT    NOT NULL,
  request_id      TEXT
);
CREATE INDEX audit_log_record_idx ON audit_log (resource, record_id, id);
