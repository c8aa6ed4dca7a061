-- A user's password generation: one more at every password change. Access, session and refresh tokens
-- carry the generation they were issued under, and one issued under an older generation is refused.
ALTER TABLE users ADD COLUMN password_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE auth_refresh_tokens ADD COLUMN password_generation BIGINT NOT NULL DEFAULT 0;
