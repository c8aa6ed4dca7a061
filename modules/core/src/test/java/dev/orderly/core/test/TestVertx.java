package dev.orderly.core.test;

import dev.orderly.core.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Vert.x instance of its own for every test, closed after it, and the configuration tests build on it:
 * {@code @RegisterExtension final TestVertx node = new TestVertx();}, then {@code node.vertx()}.
 */
public final class TestVertx implements BeforeEachCallback, AfterEachCallback {
  private Vertx vertx;

  public Vertx vertx() {
    return vertx;
  }

  /** The shipped defaults plus {@code overrides}, as a verticle is deployed with them (environment ignored). */
  public JsonObject config(JsonObject overrides) {
    return TestServices.config(vertx, overrides);
  }

  /** {@link #config} parsed and checked. */
  public Settings settings(JsonObject overrides) {
    return TestServices.settings(vertx, overrides);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    vertx = Vertx.vertx();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    vertx.close().await();
  }
}
