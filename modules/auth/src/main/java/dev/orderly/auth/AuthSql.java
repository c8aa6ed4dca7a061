package dev.orderly.auth;

/** The auth service's own SQL (the CRUD of users and groups is the engine's), with {@code #{name}} parameters. */
final class AuthSql {
  static final String USER_BY_USERNAME =
      "SELECT \"id\", \"username\", \"password\", \"is_active\", \"password_generation\" FROM \"users\" WHERE \"username\" = #{username}";
  static final String USER_BY_ID =
      "SELECT \"id\", \"username\", \"password\", \"email\", \"first_name\", \"last_name\", \"is_active\", \"is_staff\", "
      + "\"is_superuser\", \"password_generation\" FROM \"users\" WHERE \"id\" = #{id}";
  /** A password change: tokens issued under the generation before are refused from now on. */
  static final String NEXT_PASSWORD_GENERATION =
      "UPDATE \"users\" SET \"password_generation\" = \"password_generation\" + 1 WHERE \"id\" = #{id}";
  /** An upgraded hash of the same password: not a change of the record. */
  static final String UPGRADE_PASSWORD = "UPDATE \"users\" SET \"password\" = #{password} WHERE \"id\" = #{id} AND \"password\" = #{old}";
  static final String SET_LAST_LOGIN = "UPDATE \"users\" SET \"last_login\" = #{now} WHERE \"id\" = #{id}";
  static final String COUNT_USERS = "SELECT COUNT(*) AS \"count\" FROM \"users\"";
  static final String ALL_CODENAMES = "SELECT \"codename\" FROM \"permissions\" ORDER BY \"codename\"";
  static final String GROUP_NAMES =
      "SELECT g.\"name\" FROM \"user_groups\" ug JOIN \"groups\" g ON g.\"id\" = ug.\"group_id\" WHERE ug.\"user_id\" = #{id} ORDER BY g.\"name\"";
  /** A user's own permissions and its groups'. */
  static final String EFFECTIVE_CODENAMES =
      "SELECT p.\"codename\" FROM \"user_permissions\" up JOIN \"permissions\" p ON p.\"id\" = up.\"permission_id\" WHERE up.\"user_id\" = #{id} "
      + "UNION SELECT p.\"codename\" FROM \"user_groups\" ug JOIN \"group_permissions\" gp ON gp.\"group_id\" = ug.\"group_id\" "
      + "JOIN \"permissions\" p ON p.\"id\" = gp.\"permission_id\" WHERE ug.\"user_id\" = #{id} ORDER BY 1";

  static final String INSERT_REFRESH =
      "INSERT INTO \"auth_refresh_tokens\" (\"token_hash\", \"family\", \"user_id\", \"created_at\", \"expires_at\", \"password_generation\") "
      + "VALUES (#{token_hash}, #{family}, #{user_id}, #{now}, #{expires_at}, #{password_generation})";
  static final String REFRESH_BY_HASH =
      "SELECT \"id\", \"family\", \"user_id\", \"expires_at\", \"used_at\", \"revoked_at\", \"password_generation\" FROM \"auth_refresh_tokens\" "
      + "WHERE \"token_hash\" = #{token_hash}";
  /** Marks a token used; 0 rows when someone else used or revoked it first. */
  static final String USE_REFRESH =
      "UPDATE \"auth_refresh_tokens\" SET \"used_at\" = #{now} WHERE \"id\" = #{id} AND \"used_at\" IS NULL AND \"revoked_at\" IS NULL";
  static final String REVOKE_FAMILY =
      "UPDATE \"auth_refresh_tokens\" SET \"revoked_at\" = #{now} WHERE \"family\" = #{family} AND \"revoked_at\" IS NULL";
  static final String REVOKE_USER_REFRESH =
      "UPDATE \"auth_refresh_tokens\" SET \"revoked_at\" = #{now} WHERE \"user_id\" = #{user_id} AND \"revoked_at\" IS NULL";
  static final String PRUNE_REFRESH = "DELETE FROM \"auth_refresh_tokens\" WHERE \"expires_at\" < #{now}";

  static final String INSERT_REVOKED =
      "INSERT INTO \"auth_revoked_tokens\" (\"jti\", \"expires_at\") VALUES (#{jti}, #{expires_at}) ON CONFLICT DO NOTHING";
  static final String PRUNE_REVOKED = "DELETE FROM \"auth_revoked_tokens\" WHERE \"expires_at\" < #{now}";
  static final String LIVE_REVOKED = "SELECT \"jti\", \"expires_at\" FROM \"auth_revoked_tokens\" WHERE \"expires_at\" >= #{now}";

  /** Stores the codenames not stored yet and returns them: {@code #{c0}} ... {@code #{c<n-1>}}; both dialects. */
  static String insertCodenames(int n) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < n; i++) values.append(i == 0 ? "" : ", ").append("(#{c").append(i).append("})");
    return "INSERT INTO \"permissions\" (\"codename\") VALUES " + values + " ON CONFLICT DO NOTHING RETURNING \"codename\"";
  }

  private AuthSql() {}
}
