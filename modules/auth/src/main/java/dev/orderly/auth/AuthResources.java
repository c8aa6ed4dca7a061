package dev.orderly.auth;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.LinkDef;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.model.ResourceHooks;
import java.util.List;

/** The auth service's resources: {@code users} and {@code groups}, with Django's fields. */
final class AuthResources {
  static final String USERS = "users";
  static final String GROUPS = "groups";
  static final String AUDIT_TABLE = "auth_audit_log";
  /** The auth service's idempotency keys (IdempotencyKeys): users, groups and password changes. */
  static final String IDEMPOTENCY_TABLE = "auth_idempotency_keys";
  private static final String USERNAME_PATTERN = "[\\w.@+-]+";

  private AuthResources() {}

  static ResourceDef users(ResourceHooks hooks) {
    return ResourceDef.builder(USERS, "users", "user")
        .field(Field.string("username").required().unique().maxLength(150).pattern(USERNAME_PATTERN))
        .field(Field.string("email").maxLength(254).format(Field.Format.EMAIL))
        .field(Field.string("first_name").maxLength(150))
        .field(Field.string("last_name").maxLength(150))
        .field(Field.bool("is_active").defaultValue(true))
        .field(Field.bool("is_staff").defaultValue(false))
        .field(Field.bool("is_superuser").defaultValue(false))
        .field(Field.names("groups", new LinkDef("user_groups", "user_id", "group_id", "groups", "name")))
        .field(Field.names("permissions", new LinkDef("user_permissions", "user_id", "permission_id", "permissions", "codename")))
        .field(Field.timestamp("date_joined").readOnly())
        .field(Field.timestamp("last_login").readOnly().nullable())
        .field(Field.string("password").writeOnly())
        .search("username", "email", "first_name", "last_name")
        .hooks(hooks)
        .build();
  }

  static ResourceDef groups() {
    return ResourceDef.builder(GROUPS, "groups", "group")
        .field(Field.string("name").required().unique().maxLength(150))
        .field(Field.names("permissions", new LinkDef("group_permissions", "group_id", "permission_id", "permissions", "codename")))
        .search("name")
        .build();
  }

  static List<ResourceDef> all(ResourceHooks userHooks) {
    return List.of(users(userHooks), groups());
  }
}
