package dev.orderly.core.bus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who sent a request: set by the gateway after authentication and carried, signed, in the
 * {@link RequestContext#CALLER_HEADER} header. {@link #ANONYMOUS} until someone authenticates.
 *
 * @param permissions the effective permission codenames ({@code <table>.<action>}); a superuser has all,
 *     whatever this set holds
 */
public record Caller(Long id, String username, boolean staff, boolean superuser, Set<String> permissions) {
  public static final Caller ANONYMOUS = new Caller(null, null);
  /** The node itself (demo data, the command line): a superuser with id 0 that no login can become. */
  public static final Caller SYSTEM = new Caller(0L, "system", true, true, Set.of());

  public Caller {
    permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
  }

  /** A caller with no staff status and no permission. */
  public Caller(Long id, String username) {
    this(id, username, false, false, Set.of());
  }

  public boolean anonymous() {
    return id == null;
  }

  /** Whether this caller holds {@code codename}: superusers hold every one. */
  public boolean has(String codename) {
    return !anonymous() && (superuser || permissions.contains(codename));
  }

  /** Everything a service needs: {@code {id, username, is_staff, is_superuser, permissions}}. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("username", username).put("is_staff", staff).put("is_superuser", superuser)
        .put("permissions", new JsonArray(new TreeSet<>(permissions).stream().map(Object.class::cast).toList()));
  }

  /** The actor of events and audit entries: {@code {id, username}}. */
  public JsonObject actorJson() {
    return new JsonObject().put("id", id).put("username", username);
  }

  /** {@link #toJson()} as sent in the caller header; encoded once per distinct caller (a node sees few). */
  public String header() {
    return HEADERS.get(this, caller -> caller.toJson().encode());
  }

  /** The caller a caller header names; parsed once per distinct value, like {@link #header()}. */
  public static Caller fromHeader(String header) {
    return PARSED.get(header, value -> fromJson(new JsonObject(value)));
  }

  private static final int MAX_REMEMBERED = 4096;
  private static final Cache<Caller, String> HEADERS = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();
  private static final Cache<String, Caller> PARSED = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();

  public static Caller fromJson(JsonObject json) {
    if (json == null || json.getLong("id") == null) return ANONYMOUS;
    JsonArray perms = json.getJsonArray("permissions", new JsonArray());
    Set<String> set = new TreeSet<>();
    for (Object p : perms) set.add(String.valueOf(p));
    return new Caller(json.getLong("id"), json.getString("username"), json.getBoolean("is_staff", false),
        json.getBoolean("is_superuser", false), set);
  }
}
