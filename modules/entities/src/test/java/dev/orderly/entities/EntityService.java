package dev.orderly.entities;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.test.ResourceCalls;
import dev.orderly.core.test.TestServices;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.test.Db;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** A deployed entity service per database, shared by the tests of a class, and a client to call it. */
final class EntityService implements AutoCloseable {
  /** A reply or a failure, as the gateway would see it. */
  record Result(int status, Object body, String version) {
    JsonObject json() {
      return (JsonObject) body;
    }

    JsonArray errors(String field) {
      return json().getJsonArray(field);
    }
  }

  /** A database opened for a test class: its overrides and the directory its files go in. */
  record Opened(Db db, JsonObject overrides, Path dir) {}

  private final Map<Db, Opened> opened = new EnumMap<>(Db.class);
  private final Map<Db, Vertx> nodes = new EnumMap<>(Db.class);

  /** The node (its own Vert.x, so event-bus addresses do not clash) serving {@code db}, started on first use. */
  synchronized Vertx node(Db db) {
    return nodes.computeIfAbsent(db, d -> {
      Path dir = tempDir();
      Opened o = new Opened(d, d.overrides(dir), dir);
      opened.put(d, o);
      Vertx node = Vertx.vertx();
      JsonObject config = ConfigLoader.load(node, ConfigLoader.Sources.only(o.overrides())).await();
      node.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(config)).await();
      return node;
    });
  }

  Opened database(Db db) {
    node(db);
    return opened.get(db);
  }

  ResourceCalls client(Db db) {
    return new ResourceCalls(node(db), 10_000);
  }

  static RequestContext context() {
    return new RequestContext("test-" + System.nanoTime(), new Caller(7L, "tester"), CallerSigning.fromSecret(TestServices.SECRET));
  }

  /** The outcome of a raw bus request ({@code Message}) or of a {@link ResourceClient} call ({@code ResourceReply}). */
  static Result await(Future<?> reply) {
    try {
      Object answer = reply.await();
      if (answer instanceof ResourceReply r) {
        return new Result(200, r.body().length() == 0 ? null : r.body().toJsonValue(), r.version() == null ? null : String.valueOf(r.version()));
      }
      Message<?> m = (Message<?>) answer;
      Object body = m.body() instanceof Buffer b ? (b.length() == 0 ? null : b.toJsonValue()) : m.body();
      return new Result(200, body, m.headers().get(ResourceReply.VERSION_HEADER));
    } catch (Exception e) {
      ServiceError error = Consumers.toServiceError(e);
      return new Result(error.status(), error.body(), null);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("orderly-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    nodes.values().forEach(n -> n.close().await());
    opened.values().forEach(o -> o.db().cleanup(o.overrides()));
  }
}
