package dev.orderly.core.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the configuration once, lowest precedence first: the defaults in {@code conf/orderly.json}
 * (from the working directory, else from the jar), an optional extra JSON file ({@code ORDERLY_CONF}),
 * the {@code .env} file, the environment, then explicit overrides (command line, tests).
 */
public final class ConfigLoader {
  public static final String DEFAULTS = "conf/orderly.json";

  /**
   * @param confFile extra JSON file, or {@code null}; it must exist when named
   * @param envFile  the {@code .env} file; skipped when absent
   * @param useEnvironment whether process environment variables count (tests turn this off)
   * @param overrides highest-precedence values
   */
  public record Sources(Path confFile, Path envFile, boolean useEnvironment, JsonObject overrides) {
    /** What a started process reads: {@code ORDERLY_CONF}, {@code ENV_FILE} (default {@code .env}) and the environment. */
    public static Sources standard(JsonObject overrides) {
      String conf = System.getenv("ORDERLY_CONF");
      String env = System.getenv().getOrDefault("ENV_FILE", ".env");
      return new Sources(conf == null || conf.isBlank() ? null : Path.of(conf), Path.of(env), true, overrides);
    }

    /** Defaults plus the given values only: what tests use. */
    public static Sources only(JsonObject overrides) {
      return new Sources(null, null, false, overrides);
    }
  }

  private ConfigLoader() {}

  /** The merged raw configuration; {@link Settings#from} checks it. */
  public static Future<JsonObject> load(Vertx vertx, Sources sources) {
    if (sources.confFile() != null && !Files.isReadable(sources.confFile())) {
      return Future.failedFuture(new ConfigException("ORDERLY_CONF", "cannot read " + sources.confFile().toAbsolutePath()));
    }
    if (sources.envFile() != null && Files.exists(sources.envFile()) && !Files.isReadable(sources.envFile())) {
      return Future.failedFuture(new ConfigException("ENV_FILE", "cannot read " + sources.envFile().toAbsolutePath()));
    }
    return vertx.fileSystem().readFile(DEFAULTS).map(Buffer::toJsonObject)
        .recover(e -> Future.failedFuture(new ConfigException("ORDERLY_CONF", "cannot read defaults " + DEFAULTS + ": " + e.getMessage())))
        .compose(defaults -> {
          ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0).setIncludeDefaultStores(false)
              .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults));
          if (sources.confFile() != null) {
            options.addStore(file(sources.confFile().toString(), "json"));
          }
          if (sources.envFile() != null && Files.isRegularFile(sources.envFile())) {
            options.addStore(file(sources.envFile().toString(), "properties").setConfig(
                new JsonObject().put("path", sources.envFile().toString()).put("raw-data", true)));
          }
          if (sources.useEnvironment()) {
            // only known keys: the environment holds much else (PATH, HOME, ...)
            options.addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject()
                .put("raw-data", true).put("keys", new JsonArray(List.copyOf(defaults.fieldNames())))));
          }
          if (sources.overrides() != null && !sources.overrides().isEmpty()) {
            options.addStore(new ConfigStoreOptions().setType("json").setConfig(sources.overrides()));
          }
          ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
          return retriever.getConfig()
              .recover(e -> Future.failedFuture(new ConfigException(
                  sources.confFile() != null ? "ORDERLY_CONF" : "ENV_FILE", "cannot read configuration: " + e.getMessage())))
              .eventually(() -> {
                retriever.close();
                return Future.succeededFuture();
              });
        });
  }

  /** Loads and checks in one step. */
  public static Future<Settings> settings(Vertx vertx, Sources sources) {
    return load(vertx, sources).map(Settings::from);
  }

  private static ConfigStoreOptions file(String path, String format) {
    return new ConfigStoreOptions().setType("file").setFormat(format)
        .setConfig(new JsonObject().put("path", path));
  }
}
