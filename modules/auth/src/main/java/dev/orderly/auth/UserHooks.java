package dev.orderly.auth;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.engine.WriteContext;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.ResourceHooks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of a user write: only a superuser grants or removes {@code is_staff}/{@code is_superuser};
 * a password sent is checked against {@link PasswordPolicy} and replaced by its hash before the row is
 * written (never stored, rendered or audited in clear). Changing it moves the user's password generation
 * on, so that every access, session and refresh token issued before is refused, and revokes the user's
 * refresh tokens, all in the write's transaction.
 */
final class UserHooks implements ResourceHooks {
  private final Passwords passwords;

  UserHooks(Passwords passwords) {
    this.passwords = passwords;
  }

  @Override
  public Future<Void> beforeWrite(WriteContext w) {
    Caller caller = w.request().caller();
    RecordValues values = w.values();
    if (!caller.superuser()) {
      for (String flag : new String[] {"is_staff", "is_superuser"}) {
        Object before = w.creating() ? Boolean.FALSE : w.existing().get(flag);
        if (!Objects.equals(before, values.get(flag))) {
          return Future.failedFuture(ServiceError.of(403, ErrorCodes.PERMISSION_DENIED,
              "Only a superuser may change is_staff or is_superuser."));
        }
      }
    }
    if (w.creating()) {
      values.put("date_joined", w.now());
      values.put("last_login", null);
    }
    Object password = values.get("password");
    boolean sent = password != null && (w.creating() || !Objects.equals(password, w.existing().get("password")));
    if (!sent) {
      if (w.creating()) values.put("password", Passwords.unusable());
      return Future.succeededFuture();
    }
    JsonArray problems = PasswordPolicy.problems((String) password, values.getString("username"));
    if (!problems.isEmpty()) return Future.failedFuture(ServiceError.validation(new JsonObject().put("password", problems)));
    return passwords.hash((String) password).compose(hash -> {
      values.put("password", hash);
      if (w.creating()) return Future.succeededFuture();
      return w.query(AuthSql.NEXT_PASSWORD_GENERATION, Map.of("id", w.existing().id()))
          .compose(v -> w.query(AuthSql.REVOKE_USER_REFRESH, Map.of("user_id", w.existing().id(), "now", w.now()))).mapEmpty();
    });
  }
}
