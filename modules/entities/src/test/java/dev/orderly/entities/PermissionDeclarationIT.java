package dev.orderly.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.PermissionDeclaration;
import dev.orderly.core.bus.AuthMessages.PermissionsAdded;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.security.Permissions;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entity service tells the auth service its resources' codenames, even when that service comes up later. */
class PermissionDeclarationIT {
  @Test
  void theCodenamesOfEveryDefinitionAreDeclaredOnceTheAuthServiceAnswers(@TempDir Path dir) {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = ConfigLoader.load(vertx, ConfigLoader.Sources.only(Db.SQLITE.overrides(dir))).await();
      vertx.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(config)).await();
      List<PermissionDeclaration> declared = new CopyOnWriteArrayList<>();
      List<Caller> callers = new CopyOnWriteArrayList<>();
      Consumers.register(vertx, CallerSigning.fromSecret(TestServices.SECRET), AuthClient.ADDRESS, Map.of(AuthClient.DECLARE_PERMISSIONS,
          (body, ctx) -> {
            declared.add(PermissionDeclaration.fromJson(body));
            callers.add(ctx.caller());
            return Future.succeededFuture(Consumers.Reply.of(new PermissionsAdded(List.of()).toJson()));
          })).await();

      Eventually.until("the entity service declared its codenames", () -> !declared.isEmpty());
      List<String> codenames = declared.get(0).codenames();
      assertThat(codenames).isEqualTo(Permissions.codenames(Resources.ALL));
      assertThat(codenames).contains("suppliers.view", "products.import", "purchase_orders.approve", "purchase_orders.export")
          .doesNotContain("suppliers.approve", "products.approve");
      assertThat(callers).containsOnly(Caller.SYSTEM);
    } finally {
      vertx.close().await();
    }
  }
}
