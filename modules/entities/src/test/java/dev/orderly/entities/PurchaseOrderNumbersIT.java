package dev.orderly.entities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Order numbers stay unique when several nodes create orders at once on one PostgreSQL database. */
class PurchaseOrderNumbersIT {
  private static final RequestContext WRITER =
      new RequestContext("numbers", new Caller(7L, "tester"), CallerSigning.fromSecret(TestServices.SECRET));

  @Test
  void twoNodesCreatingOrdersAtOnceNeverShareANumber(@TempDir Path dir) {
    TestServices.assumePostgres();
    JsonObject overrides = Db.POSTGRES.overrides(dir);
    List<Vertx> nodes = List.of(Vertx.vertx(), Vertx.vertx());
    try {
      for (Vertx node : nodes) {
        JsonObject config = ConfigLoader.load(node, ConfigLoader.Sources.only(overrides)).await();
        node.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(config)).await();
      }
      long supplier = new ResourceClient(nodes.get(0), 10_000)
          .create("suppliers", new JsonObject().put("code", "NUM-1").put("name", "Numbers"), WRITER).await().id();
      List<Future<ResourceReply>> creates = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        for (Vertx node : nodes) {
          creates.add(new ResourceClient(node, 20_000).create("purchase-orders", new JsonObject().put("supplier_id", supplier), WRITER));
        }
      }
      Set<String> numbers = new HashSet<>();
      for (Future<ResourceReply> create : creates) numbers.add(create.await().json().getString("number"));
      assertThat(numbers).hasSize(50).allMatch(n -> n.matches("PO-\\d{4}-\\d{6}"));
    } finally {
      nodes.forEach(n -> n.close().await());
      Db.POSTGRES.cleanup(overrides);
    }
  }
}
