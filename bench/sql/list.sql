-- The list scenario's two statements as Orderly sends them (page and DRF's count), for pgbench -f:
-- what PostgreSQL alone can do for this request. Ranges as in lua/list.lua.
\set low random(0, 990)
\set high :low + 5
SELECT "id", "sku", "name", "description", "category", "unit", "unit_price", "currency", "supplier_id", "stock_quantity", "reorder_level", "active", "version", "created_at", "updated_at" FROM "products" WHERE "unit_price" >= :low AND "unit_price" < :high ORDER BY "unit_price" ASC, "id" ASC LIMIT 50 OFFSET 0;
SELECT COUNT(*) AS "count" FROM "products" WHERE "unit_price" >= :low AND "unit_price" < :high;
