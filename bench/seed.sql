-- The benchmark's data set, the same on every run: 100 suppliers, 100 000 products (1 000 per
-- supplier), 20 000 draft purchase orders of 3 lines each. Written straight into the entity service's
-- tables after `orderly.jar migrate`, so seeding takes seconds rather than 160 000 requests.
\set ON_ERROR_STOP on
BEGIN;
TRUNCATE purchase_order_lines, purchase_orders, products, suppliers, purchase_order_numbers, audit_log RESTART IDENTITY CASCADE;

INSERT INTO suppliers (code, name, email, country, tax_id, active, version, created_at, updated_at)
SELECT 'SUP-' || lpad(i::text, 4, '0'), 'Supplier ' || i, 'orders' || i || '@supplier.example', 'DE',
       'DE' || lpad(i::text, 9, '0'), true, 1, timestamptz '2026-01-01 00:00:00Z', timestamptz '2026-01-01 00:00:00Z'
FROM generate_series(1, 100) AS i;

INSERT INTO products (sku, name, description, category, unit, unit_price, currency, supplier_id,
                      stock_quantity, reorder_level, active, version, created_at, updated_at)
SELECT 'SKU-' || lpad(i::text, 6, '0'),
       (ARRAY['Bolt', 'Nut', 'Washer', 'Bearing', 'Gasket', 'Valve', 'Hinge', 'Bracket'])[1 + i % 8] || ' ' || i,
       'Part number ' || i || ' for general use',
       (ARRAY['hardware', 'plumbing', 'electrical', 'tools'])[1 + i % 4],
       'pcs', round(((i * 7919) % 100000) / 100.0, 2), 'EUR', 1 + (i - 1) % 100,
       i % 500, 10, true, 1, timestamptz '2026-01-01 00:00:00Z', timestamptz '2026-01-01 00:00:00Z'
FROM generate_series(1, 100000) AS i;

INSERT INTO purchase_orders (number, supplier_id, status, currency, order_date, notes, total_amount,
                             version, created_at, updated_at)
SELECT 'PO-2026-' || lpad(j::text, 6, '0'), 1 + (j - 1) % 100, 'draft', 'EUR', date '2026-01-01' + (j % 300),
       'benchmark order ' || j, 0, 1, timestamptz '2026-01-01 00:00:00Z', timestamptz '2026-01-01 00:00:00Z'
FROM generate_series(1, 20000) AS j;

-- three products of the order's own supplier: ids supplier + 100 k
INSERT INTO purchase_order_lines (order_id, product_id, quantity, unit_price, line_total)
SELECT o.id, p.id, 1 + k, p.unit_price, round((1 + k) * p.unit_price, 2)
FROM purchase_orders o
CROSS JOIN generate_series(0, 2) AS k
JOIN products p ON p.id = o.supplier_id + 100 * (k + (o.id % 300));

UPDATE purchase_orders o SET total_amount = l.total
FROM (SELECT order_id, sum(line_total) AS total FROM purchase_order_lines GROUP BY order_id) l
WHERE l.order_id = o.id;

INSERT INTO purchase_order_numbers (year, last) VALUES (2026, 20000);
COMMIT;
VACUUM ANALYZE;
