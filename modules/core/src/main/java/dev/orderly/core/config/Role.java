package dev.orderly.core.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The services a node can run, chosen with {@code ROLES}. */
public enum Role {
  GATEWAY, ENTITIES, AUTH, CACHE, EXPORT;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code all} or a comma-separated list of role names. */
  public static Set<Role> parseList(String value) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : value.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) continue;
      if (name.equals("all")) return EnumSet.allOf(Role.class);
      Role role = null;
      for (Role r : values()) if (r.configName().equals(name)) role = r;
      if (role == null) {
        throw new ConfigException("ROLES", "unknown role '" + part.trim() + "' (known: all, " + known() + ")");
      }
      roles.add(role);
    }
    if (roles.isEmpty()) throw new ConfigException("ROLES", "no role given (known: all, " + known() + ")");
    return roles;
  }

  private static String known() {
    StringBuilder sb = new StringBuilder();
    for (Role r : values()) sb.append(sb.length() == 0 ? "" : ", ").append(r.configName());
    return sb.toString();
  }
}
