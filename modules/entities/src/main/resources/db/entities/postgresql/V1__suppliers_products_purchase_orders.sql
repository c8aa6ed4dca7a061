CREATE TABLE suppliers (
  id          BIGSERIAL PRIMARY KEY,
  code        VARCHAR(32)  NOT NULL UNIQUE,
  name        VARCHAR(200) NOT NULL,
  email       VARCHAR(254) NOT NULL DEFAULT '',
  phone       VARCHAR(40)  NOT NULL DEFAULT '',
  country     VARCHAR(2)   NOT NULL DEFAULT '',
  tax_id      VARCHAR(40)  NOT NULL DEFAULT '',
  active      BOOLEAN      NOT NULL DEFAULT TRUE,
  notes       TEXT         NOT NULL DEFAULT '',
  version     BIGINT       NOT NULL DEFAULT 1,
  created_at  TIMESTAMPTZ  NOT NULL,
  updated_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE products (
  id              BIGSERIAL PRIMARY KEY,
  sku             VARCHAR(64)    NOT NULL UNIQUE,
  name            VARCHAR(200)   NOT NULL,
  description     TEXT           NOT NULL DEFAULT '',
  category        VARCHAR(100)   NOT NULL DEFAULT '',
  unit            VARCHAR(8)     NOT NULL DEFAULT 'pcs',
  unit_price      NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
  currency        VARCHAR(3)     NOT NULL DEFAULT 'EUR',
  supplier_id     BIGINT         NOT NULL REFERENCES suppliers (id),
  stock_quantity  BIGINT         NOT NULL DEFAULT 0 CHECK (stock_quantity >= 0),
  reorder_level   BIGINT         NOT NULL DEFAULT 0 CHECK (reorder_level >= 0),
  active          BOOLEAN        NOT NULL DEFAULT TRUE,
  version         BIGINT         NOT NULL DEFAULT 1,
  created_at      TIMESTAMPTZ    NOT NULL,
  updated_at      TIMESTAMPTZ    NOT NULL
);
CREATE INDEX products_supplier_id_idx ON products (supplier_id);
CREATE INDEX products_unit_price_idx ON products (unit_price);

CREATE TABLE purchase_orders (
  id                BIGSERIAL PRIMARY KEY,
  number            VARCHAR(20)    NOT NULL UNIQUE,
  supplier_id       BIGINT         NOT NULL REFERENCES suppliers (id),
  status            VARCHAR(16)    NOT NULL DEFAULT 'draft',
  currency          VARCHAR(3)     NOT NULL DEFAULT 'EUR',
  order_date        DATE           NOT NULL,
  expected_date     DATE,
  notes             TEXT           NOT NULL DEFAULT '',
  total_amount      NUMERIC(14, 2) NOT NULL DEFAULT 0,
  requested_by      BIGINT,
  submitted_at      TIMESTAMPTZ,
  decided_by        BIGINT,
  decided_at        TIMESTAMPTZ,
  decision_comment  TEXT           NOT NULL DEFAULT '',
  version           BIGINT         NOT NULL DEFAULT 1,
  created_at        TIMESTAMPTZ    NOT NULL,
  updated_at        TIMESTAMPTZ    NOT NULL
);
CREATE INDEX purchase_orders_supplier_id_idx ON purchase_orders (supplier_id);

CREATE TABLE purchase_order_lines (
  id          BIGSERIAL PRIMARY KEY,
  order_id    BIGINT         NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
  product_id  BIGINT         NOT NULL REFERENCES products (id),
  quantity    NUMERIC(12, 3) NOT NULL CHECK (quantity > 0),
  unit_price  NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
  line_total  NUMERIC(14, 2) NOT NULL
);
CREATE INDEX purchase_order_lines_order_id_idx ON purchase_order_lines (order_id);
CREATE INDEX purchase_order_lines_product_id_idx ON purchase_order_lines (product_id);

-- one counter per year: numbers never collide under concurrent creates
CREATE TABLE purchase_order_numbers (
  year  BIGINT PRIMARY KEY,
  last  BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id              BIGSERIAL PRIMARY KEY,
  resource        VARCHAR(64)  NOT NULL,
  record_id       BIGINT       NOT NULL,
  action          VARCHAR(16)  NOT NULL,
  actor_id        BIGINT,
  actor_username  VARCHAR(150),
  at              TIMESTAMPTZ  NOT NULL,
  from_status     VARCHAR(16),
  to_status       VARCHAR(16),
  comment         TEXT         NOT NULL DEFAULT '',
  changes         TEXT         NOT NULL,
  request_id      VARCHAR(128)
);
CREATE INDEX audit_log_record_idx ON audit_log (resource, record_id, id);
