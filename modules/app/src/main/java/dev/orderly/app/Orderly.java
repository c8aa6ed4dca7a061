package dev.orderly.app;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.config.Role;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Migrations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started Orderly node: its Vert.x instance, its settings and the services of its roles. Used by
 * {@link Main} and by end-to-end tests; it never exits the process, failures come back as a failed
 * future ({@link dev.orderly.core.config.ConfigException} for a bad configuration).
 *
 * <p>Start-up: build Vert.x, load the configuration (with DEBUG and no {@code SECRET_KEY}, the
 * development key of {@link DevSecretKey}) and check it, optionally apply the logging configuration with
 * {@code LOG_DIR}, migrate the tables of the services this node runs, deploy them ({@code entities}
 * first, then {@code auth} and {@code cache}, then the gateway with {@code HTTP_INSTANCES} instances, then the metrics
 * listener when {@code METRICS_PORT} is set), optionally create the demo superuser and load the demo data, then log one
 * line. If any step fails, Vert.x is closed again. Vert.x records its meters in the node's registry from the
 * start ({@link MetricsSetup}).
 */
public final class Orderly {
  /** The start-up step of the {@code METRICS_PORT} listener. */
  static final String METRICS_LISTENER = "starting the metrics listener";
  private static final Logger log = LoggerFactory.getLogger(Orderly.class);

  /**
   * How to start.
   *
   * @param sources where the configuration comes from
   * @param demoData load {@link DemoData} when the database has no suppliers yet
   * @param configureLogging re-apply the logging configuration with {@code LOG_DIR} (the launcher does;
   *     tests keep their own logging)
   * @param demoPassword the demo superuser's password ({@code ORDERLY_DEMO_PASSWORD}), or null
   */
  public record Options(ConfigLoader.Sources sources, boolean demoData, boolean configureLogging, String demoPassword) {
    public Options {
      Objects.requireNonNull(sources, "sources");
    }

    /** No {@code ORDERLY_DEMO_PASSWORD}. */
    public Options(ConfigLoader.Sources sources, boolean demoData, boolean configureLogging) {
      this(sources, demoData, configureLogging, null);
    }
  }

  /**
   * A start-up step failed after the configuration was loaded; the message names the step
   * ({@code migrating entities on ...}, {@code starting gateway}) and the cause's message.
   */
  public static final class StartupException extends RuntimeException {
    private final transient Settings settings;
    private final String step;

    public StartupException(String step, Settings settings, Throwable cause) {
      super(step + ": " + firstLine(cause), cause);
      this.settings = settings;
      this.step = step;
    }

    public Settings settings() {
      return settings;
    }

    /** The step that failed, as the message starts ({@link #METRICS_LISTENER}, {@code starting gateway}, ...). */
    public String step() {
      return step;
    }

    private static String firstLine(Throwable t) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
      int nl = m.indexOf('\n');
      return nl < 0 ? m : m.substring(0, nl).strip();
    }
  }

  private final Vertx vertx;
  private final JsonObject config;
  private final Settings settings;
  private final List<String> deployments;
  private final List<String> notes = new ArrayList<>();
  private Future<Void> closing;

  private Orderly(Vertx vertx, JsonObject config, Settings settings, List<String> deployments) {
    this.vertx = vertx;
    this.config = config;
    this.settings = settings;
    this.deployments = deployments;
  }

  /**
   * Starts a node with the defaults plus {@code overrides}, no demo data, logging untouched.
   *
   * @param useEnvironment also read {@code ORDERLY_CONF}, the {@code .env} file and the environment
   *     (below {@code overrides}); tests pass {@code false}
   */
  public static Future<Orderly> start(JsonObject overrides, boolean useEnvironment) {
    ConfigLoader.Sources sources = useEnvironment ? ConfigLoader.Sources.standard(overrides) : ConfigLoader.Sources.only(overrides);
    return start(new Options(sources, false, false));
  }

  public static Future<Orderly> start(Options options) {
    long started = System.nanoTime();
    // the configuration is read on a plain Vert.x; a clustered node then replaces it with one on Hazelcast
    AtomicReference<Vertx> node = new AtomicReference<>(createVertx());
    Vertx bootstrap = node.get();
    // not bound to a context: once Vert.x is closed, no event loop is left to deliver the result
    Promise<Orderly> result = Promise.promise();
    ConfigLoader.load(bootstrap, options.sources())
        .compose(loaded -> bootstrap.executeBlocking(() -> DevSecretKey.apply(loaded)))
        .compose(raw -> {
          Settings settings = Settings.from(raw);
          Future<Void> logging = options.configureLogging()
              ? bootstrap.executeBlocking(() -> {
                  Logging.configure(settings.logDir(), settings.logSql(), settings.logFormat());
                  return null;
                })
              : Future.succeededFuture();
          return logging
              .compose(v -> settings.cluster().enabled() ? Clustering.join(node, settings, vertxOptions()) : Future.succeededFuture(bootstrap))
              .compose(vertx -> migrate(vertx, settings, Service.of(settings.roles()))
                  .compose(v -> deploy(vertx, raw, settings))
                  .map(ids -> new Orderly(vertx, raw, settings, ids)));
        })
        .compose(orderly -> options.demoData() && orderly.settings.roles().contains(Role.AUTH)
            ? new Accounts(orderly.vertx, orderly.settings).ensureDemoSuperuser(orderly.settings, options.demoPassword())
                .map(note -> {
                  if (note != null) orderly.notes.add(note);
                  return orderly;
                })
            : Future.succeededFuture(orderly))
        .compose(orderly -> options.demoData()
            ? new DemoData(orderly.vertx, orderly.settings.requestTimeoutMs(), CallerSigning.fromSecret(orderly.settings.secretKey()))
                .loadIfEmpty().map(orderly)
            : Future.succeededFuture(orderly))
        .onSuccess(orderly -> log.info("Orderly ready: roles={} port={}{} database={}{} in {} ms",
            roleNames(orderly.settings), orderly.settings.roles().contains(Role.GATEWAY) ? orderly.port() : "-",
            orderly.settings.metricsPort() > 0 ? " metrics_port=" + orderly.settings.metricsPort() : "",
            describeDatabase(orderly.settings), Clustering.describe(orderly.settings), (System.nanoTime() - started) / 1_000_000))
        .onComplete(ar -> {
          Future<Void> bootstrapClosed = node.get() == bootstrap ? Future.succeededFuture() : bootstrap.close();
          if (ar.succeeded()) bootstrapClosed.onComplete(closed -> result.complete(ar.result()));
          else bootstrapClosed.eventually(() -> node.get().close()).onComplete(closed -> result.fail(ar.cause()));
        });
    return result.future();
  }

  /** Applies the migrations of every service, whatever this node's roles; returns how many ran. */
  public static Future<Integer> migrate(Vertx vertx, Settings settings) {
    return migrate(vertx, settings, List.of(Service.values()));
  }

  private static Future<Integer> migrate(Vertx vertx, Settings settings, List<Service> services) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (Service service : services) {
      for (String name : service.migrations().stream().toList()) {
        chain = chain.compose(sum -> Migrations.migrate(vertx, settings, name)
            .recover(e -> Future.failedFuture(new StartupException(
                "migrating " + name + " on " + describeDatabase(settings), settings, e)))
            .map(n -> sum + n));
      }
    }
    return chain;
  }

  /**
   * The plain Vert.x of a node without {@code CLUSTER} (and of every node while it reads its configuration),
   * with its metrics ({@link MetricsSetup}).
   */
  private static Vertx createVertx() {
    MetricsSetup.Metered metered = MetricsSetup.builder(vertxOptions());
    return metered.attach(metered.builder().build());
  }

  static VertxOptions vertxOptions() {
    return new VertxOptions().setPreferNativeTransport(true);
  }

  private static Future<List<String>> deploy(Vertx vertx, JsonObject raw, Settings settings) {
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Service service : Service.of(settings.roles())) {
      DeploymentOptions options = new DeploymentOptions().setConfig(raw.copy()).setInstances(service.instances(settings));
      chain = chain.compose(v -> vertx.deployVerticle(service.verticle(), options)
          .recover(e -> Future.failedFuture(new StartupException("starting " + service.role().configName(), settings, e)))
          .onSuccess(ids::add)
          .onSuccess(id -> log.debug("deployed {} x{} ({})", service.role().configName(), options.getInstances(), id))
          .mapEmpty());
    }
    if (settings.metricsPort() > 0) {
      chain = chain.compose(v -> vertx.deployVerticle(new MetricsVerticle(), new DeploymentOptions().setConfig(raw.copy()))
          .recover(e -> Future.failedFuture(new StartupException(METRICS_LISTENER, settings, e)))
          .onSuccess(ids::add)
          .mapEmpty());
    }
    return chain.map(v -> ids);
  }

  /**
   * The HTTP port: {@code HTTP_PORT} from the settings. Tests choose a free port rather than 0, for
   * which this answers 0.
   */
  public int port() {
    return settings.httpPort();
  }

  public Settings settings() {
    return settings;
  }

  /** What start-up has to tell the person who started the node (the demo superuser), printed by {@link Main}. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** The merged raw configuration handed to every verticle. */
  public JsonObject config() {
    return config.copy();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops the node: undeploys the services, last deployed first, then closes Vert.x. The gateway goes first and
   * drains ({@link dev.orderly.gateway.HttpGatewayVerticle#stop}: readiness 503, then no new connection after
   * {@code SHUTDOWN_DELAY_MS}, then up to {@code SHUTDOWN_TIMEOUT_MS} for the requests in progress), while the services
   * those requests call still run; then each service's consumers are unregistered; closing Vert.x leaves the cluster
   * and closes the pools. Calling it again returns the same future.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      long started = System.nanoTime();
      Settings.Shutdown shutdown = settings.shutdown();
      if (settings.roles().contains(Role.GATEWAY)) {
        log.info("Stopping: /health/ready answers 503; new connections are refused after {} ms (SHUTDOWN_DELAY_MS), then requests "
            + "in progress have up to {} ms (SHUTDOWN_TIMEOUT_MS)", shutdown.delayMs(), shutdown.timeoutMs());
      } else {
        log.info("Stopping");
      }
      Future<Void> chain = Future.succeededFuture();
      for (int i = deployments.size() - 1; i >= 0; i--) {
        String id = deployments.get(i);
        chain = chain.compose(v -> vertx.undeploy(id)
            .recover(e -> {
              log.warn("undeploying {} failed: {}", id, e.toString());
              return Future.succeededFuture();
            }));
      }
      Promise<Void> closed = Promise.promise();
      chain.onComplete(ar -> vertx.close().onComplete(closed));
      closing = closed.future().onSuccess(v -> log.info("Orderly stopped in {} ms", (System.nanoTime() - started) / 1_000_000));
    }
    return closing;
  }

  /** The longest {@link #close} should take: the gateway's drain, plus {@code margin} for the services and the cluster. */
  long stopWithinMs(long marginMs) {
    Settings.Shutdown shutdown = settings.shutdown();
    return (settings.roles().contains(Role.GATEWAY) ? (long) shutdown.delayMs() + shutdown.timeoutMs() : 0) + marginMs;
  }

  static String roleNames(Settings settings) {
    return settings.roles().stream().map(Role::configName).collect(Collectors.joining(","));
  }

  static String describeDatabase(Settings settings) {
    if (settings.usesPostgres()) {
      Settings.Postgres pg = settings.postgres();
      return "postgresql " + pg.host() + ":" + pg.port() + "/" + pg.database() + (pg.schema().isEmpty() ? "" : " schema " + pg.schema());
    }
    return "sqlite " + settings.sqliteFile();
  }
}
