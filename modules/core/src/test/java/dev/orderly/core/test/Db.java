package dev.orderly.core.test;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The databases an end-to-end test can run on, for {@code @EnumSource(Db.class)}. {@link #overrides}
 * gives a fresh, empty database (PostgreSQL: a new schema, skipped when no server answers) with
 * {@code DEBUG=false} and a strong secret; {@link #cleanup} drops what it made.
 */
public enum Db {
  SQLITE {
    @Override
    public JsonObject overrides(Path dir) {
      return TestServices.sqlite(dir.resolve("data")).put("LOG_DIR", dir.resolve("logs").toString());
    }

    @Override
    public void cleanup(JsonObject overrides) {
      // the @TempDir goes with the test
    }
  },
  POSTGRES {
    @Override
    public JsonObject overrides(Path dir) {
      TestServices.assumePostgres();
      return TestServices.postgres(TestServices.newSchemaName())
          .put("DATA_DIR", dir.resolve("data").toString()).put("LOG_DIR", dir.resolve("logs").toString());
    }

    @Override
    public void cleanup(JsonObject overrides) {
      TestServices.dropSchema(overrides.getString("POSTGRES_SCHEMA"));
    }
  };

  /** Configuration for a new empty database; files (SQLite, media, logs) go under {@code dir}. */
  public abstract JsonObject overrides(Path dir);

  /** Removes the database made by {@link #overrides}. */
  public abstract void cleanup(JsonObject overrides);

  /** The overrides as command-line arguments, {@code KEY=value}. */
  public static String[] arguments(JsonObject overrides) {
    return overrides.stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }
}
