package dev.orderly.core.test;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two databases every data test runs against. {@link #open()} gives a fresh, empty database:
 * a temporary SQLite directory, or a new PostgreSQL schema; {@link Opened#close()} removes it.
 */
public enum Db {
  SQLITE, POSTGRES;

  /** Overrides that point a node at a fresh database of this kind. */
  public record Opened(Db db, JsonObject overrides, Path dir, String schema) implements AutoCloseable {
    @Override
    public void close() {
      if (schema != null) TestServices.dropSchema(schema);
      if (dir != null) deleteTree(dir);
    }
  }

  public Opened open() {
    if (this == POSTGRES) {
      TestServices.assumePostgres();
      String schema = TestServices.newSchemaName();
      return new Opened(this, TestServices.postgres(schema), null, schema);
    }
    try {
      Path dir = Files.createTempDirectory("orderly-test-");
      return new Opened(this, TestServices.sqlite(dir), dir, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
