-- search= and __icontains are ILIKE '%term%': trigram indexes let them skip the sequential scan.
-- pg_trgm is a trusted extension (PostgreSQL 13+), created in public so every schema can use it.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE INDEX suppliers_code_trgm ON suppliers USING gin (code public.gin_trgm_ops);
CREATE INDEX suppliers_name_trgm ON suppliers USING gin (name public.gin_trgm_ops);
CREATE INDEX suppliers_email_trgm ON suppliers USING gin (email public.gin_trgm_ops);
CREATE INDEX suppliers_tax_id_trgm ON suppliers USING gin (tax_id public.gin_trgm_ops);

CREATE INDEX products_sku_trgm ON products USING gin (sku public.gin_trgm_ops);
CREATE INDEX products_name_trgm ON products USING gin (name public.gin_trgm_ops);
CREATE INDEX products_description_trgm ON products USING gin (description public.gin_trgm_ops);
CREATE INDEX products_category_trgm ON products USING gin (category public.gin_trgm_ops);

CREATE INDEX purchase_orders_number_trgm ON purchase_orders USING gin (number public.gin_trgm_ops);
CREATE INDEX purchase_orders_notes_trgm ON purchase_orders USING gin (notes public.gin_trgm_ops);
