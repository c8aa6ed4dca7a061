-- The export benchmark's data set: 100 suppliers and 1 000 000 products (10 000 per supplier), written
-- straight into the entity service's tables after `orderly.jar migrate`.
\set ON_ERROR_STOP on
BEGIN;
TRUNCATE purchase_order_lines, purchase_orders, products, suppliers, purchase_order_numbers, audit_log RESTART IDENTITY CASCADE;
INSERT INTO suppliers (code, name, email, country, tax_id, active, version, created_at, updated_at)
SELECT 'SUP-' || lpad(i::text, 4, '0'), 'Supplier ' || i, 'orders' || i || '@supplier.example', 'DE',
       'DE' || lpad(i::text, 9, '0'), true, 1, timestamptz '2026-01-01 00:00:00Z', timestamptz '2026-01-01 00:00:00Z'
FROM generate_series(1, 100) AS i;
INSERT INTO products (sku, name, description, category, unit, unit_price, currency, supplier_id,
                      stock_quantity, reorder_level, active, version, created_at, updated_at)
SELECT 'SKU-' || lpad(i::text, 7, '0'),
       (ARRAY['Bolt', 'Nut', 'Washer', 'Bearing', 'Gasket', 'Valve', 'Hinge', 'Bracket'])[1 + i % 8] || ' ' || i,
       'Part number ' || i || ' for general use',
       (ARRAY['hardware', 'plumbing', 'electrical', 'tools'])[1 + i % 4],
       'pcs', round(((i::bigint * 7919) % 100000) / 100.0, 2), 'EUR', 1 + (i - 1) % 100,
       i % 500, 10, true, 1, timestamptz '2026-01-01 00:00:00Z' + (i || ' seconds')::interval, timestamptz '2026-01-01 00:00:00Z'
FROM generate_series(1, 1000000) AS i;
COMMIT;
ANALYZE suppliers;
ANALYZE products;
