package dev.orderly.core.resource.engine;

import dev.orderly.core.db.NamedSql;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/** Each definition against its real table: a probe that selects every column, so a missing one stops the service. */
final class TableCheck {
  private TableCheck() {}

  /** Checks every definition of {@code catalog}, one at a time. */
  static Future<Void> all(Pool pool, ResourceCatalog catalog) {
    Future<Void> chain = Future.succeededFuture();
    for (ResourceDef def : catalog.all().values()) {
      ResourceSql s = catalog.sql(def);
      chain = chain.compose(v -> probe(pool, def, def.table(), s.probe()));
      if (def.childrenField() != null) chain = chain.compose(v -> probe(pool, def, def.childrenField().childDef().table(), s.probeChildren()));
    }
    return chain;
  }

  private static Future<Void> probe(Pool pool, ResourceDef def, String table, NamedSql probe) {
    return probe.execute(pool, Map.of()).<Void>mapEmpty().recover(e -> Future.failedFuture(new IllegalStateException(
        "resource " + def.name() + ": table " + table + " does not match its definition: " + e.getMessage())));
  }
}
