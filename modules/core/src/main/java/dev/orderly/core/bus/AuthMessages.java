package dev.orderly.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bodies of the auth service's actions ({@link AuthClient}), each a record with {@code toJson} and
 * {@code fromJson}, so that no caller or service writes their JSON by hand. Text fields are taken as
 * sent (the service validates them), so a record never throws on a malformed body.
 */
public final class AuthMessages {
  private AuthMessages() {}

  /** A value as text: absent is null, a number its text (the service validates it). */
  static String text(JsonObject json, String key) {
    Object v = json.getValue(key);
    return v == null ? null : v.toString();
  }

  /** {@code {username, password}}: login and session login. */
  public record Credentials(String username, String password) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("username", username).put("password", password);
    }

    public static Credentials fromJson(JsonObject json) {
      return new Credentials(text(json, "username"), text(json, "password"));
    }
  }

  /** {@code {access, refresh, token_type, expires_in}}: the answer to a login or a refresh, as API.md renders it. */
  public record TokenPair(String access, String refresh, String tokenType, long expiresIn) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("access", access).put("refresh", refresh).put("token_type", tokenType).put("expires_in", expiresIn);
    }

    public static TokenPair fromJson(JsonObject json) {
      return new TokenPair(json.getString("access"), json.getString("refresh"), json.getString("token_type"), json.getLong("expires_in", 0L));
    }
  }

  /** {@code {refresh}}: a refresh token to rotate. */
  public record Refresh(String refresh) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("refresh", refresh);
    }

    public static Refresh fromJson(JsonObject json) {
      return new Refresh(text(json, "refresh"));
    }
  }

  /** {@code {jti, exp}}: a denied token id until its expiry (epoch seconds); also what {@link AuthClient#REVOKED_ADDRESS} carries. */
  public record Revocation(String jti, Long exp) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("jti", jti).put("exp", exp);
    }

    public static Revocation fromJson(JsonObject json) {
      Object exp = json.getValue("exp");
      return new Revocation(json.getValue("jti") instanceof String s ? s : null, exp instanceof Number n ? n.longValue() : null);
    }

    /** Both parts present: something to deny. */
    public boolean complete() {
      return jti != null && exp != null;
    }
  }

  /** {@code {refresh?, jti, exp}}: a logout revokes the refresh token's family and denies the access token. */
  public record Logout(String refresh, Revocation access) implements BusMessage {
    public JsonObject toJson() {
      return access.toJson().put("refresh", refresh);
    }

    public static Logout fromJson(JsonObject json) {
      return new Logout(text(json, "refresh"), Revocation.fromJson(json));
    }
  }

  /**
   * {@code {revoked: [{jti, exp}...], complete}}: every denied token not yet expired; {@code complete} is
   * false while the auth service cannot reach the Redis that keeps some of them (ask again later).
   */
  public record Revoked(List<Revocation> revoked, boolean complete) implements BusMessage {
    public JsonObject toJson() {
      JsonArray all = new JsonArray();
      for (Revocation r : revoked) all.add(r.toJson());
      return new JsonObject().put("revoked", all).put("complete", complete);
    }

    public static Revoked fromJson(JsonObject json) {
      List<Revocation> out = new ArrayList<>();
      for (Object o : json.getJsonArray("revoked", new JsonArray())) out.add(Revocation.fromJson((JsonObject) o));
      return new Revoked(out, json.getBoolean("complete", true));
    }
  }

  /** {@code {old_password, new_password}}: the caller's own password change. */
  public record PasswordChange(String oldPassword, String newPassword) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("old_password", oldPassword).put("new_password", newPassword);
    }

    public static PasswordChange fromJson(JsonObject json) {
      return new PasswordChange(text(json, "old_password"), text(json, "new_password"));
    }
  }

  /**
   * {@code {id, username, email, first_name, last_name, is_staff, is_superuser, groups, permissions}}: the caller's
   * own account, as {@code /api/auth/me} renders it; {@code permissions} is the effective set (its own and its
   * groups'; for a superuser every codename).
   */
  public record Me(long id, String username, String email, String firstName, String lastName, boolean isStaff, boolean isSuperuser,
                   List<String> groups, List<String> permissions) implements BusMessage {
    public Me {
      groups = List.copyOf(groups);
      permissions = List.copyOf(permissions);
    }

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("username", username).put("email", email).put("first_name", firstName)
          .put("last_name", lastName).put("is_staff", isStaff).put("is_superuser", isSuperuser)
          .put("groups", new JsonArray(new ArrayList<Object>(groups))).put("permissions", new JsonArray(new ArrayList<Object>(permissions)));
    }

    public static Me fromJson(JsonObject json) {
      return new Me(json.getLong("id", 0L), json.getString("username"), json.getString("email"), json.getString("first_name"),
          json.getString("last_name"), json.getBoolean("is_staff", false), json.getBoolean("is_superuser", false), strings(json, "groups"),
          strings(json, "permissions"));
    }
  }

  /** {@code {session, csrf, max_age}}: a session token for the {@code sessionid} cookie and a CSRF secret. */
  public record SessionGrant(String session, String csrf, long maxAge) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("session", session).put("csrf", csrf).put("max_age", maxAge);
    }

    public static SessionGrant fromJson(JsonObject json) {
      return new SessionGrant(json.getString("session"), json.getString("csrf"), json.getLong("max_age", 0L));
    }
  }

  /** {@code {user_id}}: whose principal a gateway asks for. */
  public record PrincipalRequest(Long userId) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("user_id", userId);
    }

    public static PrincipalRequest fromJson(JsonObject json) {
      Object id = json.getValue("user_id");
      return new PrincipalRequest(id instanceof Number n ? n.longValue() : null);
    }
  }

  /**
   * {@code {id, username, is_active, is_staff, is_superuser, permissions, password_generation}}: what a gateway
   * authorizes a user with; {@code password_generation} moves on at every password change (tokens issued
   * before carry an older one).
   */
  public record Principal(long id, String username, boolean active, boolean staff, boolean superuser, Set<String> permissions,
                          long passwordGeneration) implements BusMessage {
    public Principal {
      permissions = Set.copyOf(permissions);
    }

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("username", username).put("is_active", active).put("is_staff", staff)
          .put("is_superuser", superuser).put("permissions", new JsonArray(new ArrayList<Object>(new TreeSet<>(permissions))))
          .put("password_generation", passwordGeneration);
    }

    public static Principal fromJson(JsonObject json) {
      Set<String> permissions = new TreeSet<>();
      for (Object p : json.getJsonArray("permissions", new JsonArray())) permissions.add(String.valueOf(p));
      return new Principal(json.getLong("id"), json.getString("username"), json.getBoolean("is_active", false),
          json.getBoolean("is_staff", false), json.getBoolean("is_superuser", false), permissions, json.getLong("password_generation", 0L));
    }

    /** The caller of requests this user makes; null for an inactive user, who makes none. */
    public Caller toCaller() {
      return active ? new Caller(id, username, staff, superuser, permissions) : null;
    }
  }

  /** {@code {username, email, password}}: a superuser to create (the command line). */
  public record NewSuperuser(String username, String email, String password) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("username", username).put("email", email).put("password", password);
    }

    public static NewSuperuser fromJson(JsonObject json) {
      String email = text(json, "email");
      return new NewSuperuser(text(json, "username"), email == null ? "" : email, text(json, "password"));
    }
  }

  /** {@code {username, password}} as set by an administrator (the command line); not a login. */
  public record PasswordReset(String username, String password) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("username", username).put("password", password);
    }

    public static PasswordReset fromJson(JsonObject json) {
      String username = text(json, "username");
      String password = text(json, "password");
      return new PasswordReset(username == null ? "" : username, password == null ? "" : password);
    }
  }

  /**
   * {@code {codenames}}: the permission codenames a service's resources need ({@code <table>.<action>}),
   * declared at its start so that they can be granted ({@link AuthClient#DECLARE_PERMISSIONS}).
   */
  public record PermissionDeclaration(List<String> codenames) implements BusMessage {
    public PermissionDeclaration {
      codenames = List.copyOf(codenames);
    }

    public JsonObject toJson() {
      return new JsonObject().put("codenames", new JsonArray(new ArrayList<Object>(codenames)));
    }

    public static PermissionDeclaration fromJson(JsonObject json) {
      return new PermissionDeclaration(strings(json, "codenames"));
    }
  }

  /** {@code {added}}: the codenames a declaration stored for the first time (empty when each was known). */
  public record PermissionsAdded(List<String> added) implements BusMessage {
    public PermissionsAdded {
      added = List.copyOf(added);
    }

    public JsonObject toJson() {
      return new JsonObject().put("added", new JsonArray(new ArrayList<Object>(added)));
    }

    public static PermissionsAdded fromJson(JsonObject json) {
      return new PermissionsAdded(strings(json, "added"));
    }
  }

  /** A list of texts; absent is empty, an entry its text (the service validates it). */
  private static List<String> strings(JsonObject json, String key) {
    Object value = json.getValue(key);
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      for (Object o : array) out.add(String.valueOf(o));
    }
    return out;
  }

  /** {@code {users}}: how many users exist. */
  public record UserCount(long users) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("users", users);
    }

    public static UserCount fromJson(JsonObject json) {
      return new UserCount(json.getLong("users", 0L));
    }
  }
}
