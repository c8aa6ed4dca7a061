package dev.orderly.app;

import dev.orderly.core.bus.Consumers;
import dev.orderly.core.config.ConfigException;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The command line: {@code run} (the default), {@code migrate}, {@code createsuperuser},
 * {@code changepassword} and {@code help}. Exit status 0 on
 * success, 1 when start-up fails, 2 for a configuration or usage error. {@link #execute} does the
 * work and returns the status, so tests run commands without ending the JVM; only {@link #main}
 * exits, or, after a successful {@code run}, leaves the node running until the process is stopped.
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  static final String RUN = "run";
  static final String MIGRATE = "migrate";
  static final String HELP = "help";
  static final String CREATE_SUPERUSER = "createsuperuser";
  static final String CHANGE_PASSWORD = "changepassword";
  static final String DEMO = "--demo";
  static final String EXPORT = "export";
  static final String IMPORT = "import";
  /** Where {@code createsuperuser} and {@code changepassword} take the password from, before asking. */
  static final String SUPERUSER_PASSWORD = "ORDERLY_SUPERUSER_PASSWORD";
  static final String DEMO_PASSWORD = "ORDERLY_DEMO_PASSWORD";
  private static final int PROMPTS = 3;
  /** How long a stop may take past the gateway's drain: undeploying the services, leaving the cluster. */
  private static final long STOP_MARGIN_MS = 30_000;

  private final boolean useEnvironment;
  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> environment;
  private volatile Future<Orderly> starting;

  /**
   * @param useEnvironment act as a real process: read {@code ORDERLY_CONF}, {@code ENV_FILE}, the
   *     {@code .env} file and the environment, and apply the logging configuration with {@code LOG_DIR};
   *     tests pass {@code false}, keep their own logging and name files on the command line
   */
  public Main(boolean useEnvironment, PrintStream out, PrintStream err) {
    this(useEnvironment, out, err, useEnvironment ? System::getenv : name -> null);
  }

  /** @param environment reads {@value #SUPERUSER_PASSWORD} and {@value #DEMO_PASSWORD} (tests pass their own) */
  public Main(boolean useEnvironment, PrintStream out, PrintStream err, Function<String, String> environment) {
    this.useEnvironment = useEnvironment;
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  public static void main(String[] args) {
    Logging.bootstrap();
    Main main = new Main(true, System.out, System.err);
    // registered before starting, so that a SIGTERM during start-up still stops what was started
    Runtime.getRuntime().addShutdownHook(new Thread(main::stopRunning, "orderly-shutdown"));
    int status = main.execute(args);
    if (main.running() == null) System.exit(status);
    // otherwise Vert.x threads keep the JVM alive until SIGTERM or Ctrl-C runs the hook
  }

  /** The shutdown hook (SIGTERM, Ctrl-C): stops the node ({@link Orderly#close}), then the logging. */
  private void stopRunning() {
    Future<Orderly> node = starting;
    try {
      // a node still starting is stopped once started; its drain settings are not known yet
      long waitMs = node != null && node.succeeded() ? node.result().stopWithinMs(STOP_MARGIN_MS) : STOP_MARGIN_MS;
      if (node != null) node.compose(Orderly::close).await(waitMs, TimeUnit.MILLISECONDS);
    } catch (Throwable e) {
      if (node.succeeded()) System.err.println("Orderly did not stop cleanly: " + e);
    } finally {
      Logging.stop();
    }
  }

  /** Runs one command line; returns the exit status. After a successful {@code run}, {@link #running()} is the node. */
  public int execute(String... args) {
    Command command;
    try {
      command = Command.parse(args);
    } catch (UsageException e) {
      err.println(e.getMessage());
      return USAGE;
    } catch (ConfigException e) {
      return configError(e);
    }
    return switch (command.name()) {
      case HELP -> {
        out.print(Help.text());
        yield OK;
      }
      case MIGRATE -> migrate(command);
      case CREATE_SUPERUSER, CHANGE_PASSWORD -> account(command);
      case EXPORT, IMPORT -> transfer(command);
      default -> run(command);
    };
  }

  /** The node started by {@code run}, or {@code null}. */
  public Orderly running() {
    Future<Orderly> node = starting;
    return node != null && node.succeeded() ? node.result() : null;
  }

  private int run(Command command) {
    try {
      starting = Orderly.start(new Orderly.Options(sources(command), command.demo(), useEnvironment, environment.apply(DEMO_PASSWORD)));
      starting.await().notes().forEach(out::println);
      return OK;
    } catch (Throwable e) {
      return startupError("Cannot start: ", e);
    }
  }

  private int migrate(Command command) {
    Vertx vertx = Vertx.vertx();
    try {
      Settings settings = ConfigLoader.settings(vertx, sources(command)).await();
      if (useEnvironment) Logging.configure(settings.logDir(), settings.logSql(), settings.logFormat());
      int applied = Orderly.migrate(vertx, settings).await();
      out.println("Migrations applied: " + applied + " (" + Orderly.describeDatabase(settings) + ")");
      return OK;
    } catch (Throwable e) {
      return startupError("Cannot migrate: ", e);
    } finally {
      vertx.close().await();
    }
  }

  /** What a command that runs services in this process (no HTTP) does once the configuration is loaded. */
  @FunctionalInterface
  private interface InProcess {
    int run(Vertx vertx, JsonObject config, Settings settings) throws Exception;
  }

  /**
   * Loads the configuration, runs {@code body} on a Vert.x of its own and closes it; a refusal from a
   * service (a 4xx) is one {@code Error:} line and status 1, anything else a start-up error.
   */
  private int inProcess(Command command, InProcess body) {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject raw = ConfigLoader.load(vertx, sources(command)).await();
      JsonObject config = vertx.executeBlocking(() -> DevSecretKey.apply(raw)).await();
      Settings settings = Settings.from(config);
      if (useEnvironment) Logging.configure(settings.logDir(), settings.logSql(), settings.logFormat());
      try {
        return body.run(vertx, config, settings);
      } catch (Exception e) {
        if (Consumers.toServiceError(e).status() >= 500) throw e;
        err.println("Error: " + Accounts.explain(e));
        return FAILURE;
      }
    } catch (Throwable e) {
      return startupError("Cannot " + command.name() + ": ", e);
    } finally {
      vertx.close().await();
    }
  }

  /** createsuperuser and changepassword: the auth service alone, on this process's event bus. */
  private int account(Command command) {
    return inProcess(command, (vertx, config, settings) -> {
      String username = command.username();
      if (username == null || username.isBlank()) {
        username = System.console() == null ? null : System.console().readLine("Username: ");
        if (username == null || username.isBlank()) {
          err.println("Error: a username is required (" + (command.name().equals(CREATE_SUPERUSER) ? "--username NAME" : "changepassword NAME") + ").");
          return USAGE;
        }
      }
      String password = password();
      if (password == null) return FAILURE;
      Accounts.deployAuth(vertx, settings, config).await();
      Accounts accounts = new Accounts(vertx, settings);
      if (command.name().equals(CREATE_SUPERUSER)) {
        accounts.createSuperuser(username, command.email() == null ? "" : command.email(), password).await();
        out.println("Superuser created successfully.");
      } else {
        accounts.setPassword(username, password).await();
        out.println("Password changed successfully for user '" + username + "'.");
      }
      return OK;
    });
  }

  /** export and import: the entity, auth and export services on this process's event bus, no HTTP. */
  private int transfer(Command command) {
    return inProcess(command, (vertx, config, settings) -> {
      Transfers.deploy(vertx, settings, config).await();
      Transfers transfers = new Transfers(vertx, settings, System.console() != null ? err : null);
      Command.Transfer transfer = command.transfer();
      if (command.name().equals(EXPORT)) {
        long bytes = transfers.export(transfer).await();
        out.println("Exported " + transfer.resource() + " to " + transfer.file() + " (" + bytes + " bytes).");
        return OK;
      }
      JsonObject summary;
      try {
        summary = transfers.importFile(transfer).await();
      } catch (Exception e) {
        // a file with errors: the same summary, with its errors
        summary = Consumers.toServiceError(e).body();
        if (!summary.containsKey("errors")) throw e;
      }
      out.println(summary.encodePrettily());
      return summary.getJsonArray("errors").isEmpty() ? OK : FAILURE;
    });
  }

  /** {@value #SUPERUSER_PASSWORD}, else asked twice on the terminal; null (after saying why) when there is none. */
  private String password() {
    String fromEnvironment = environment.apply(SUPERUSER_PASSWORD);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) return fromEnvironment;
    Console console = System.console();
    if (console == null) {
      err.println("Error: no password: set " + SUPERUSER_PASSWORD + " or run the command in a terminal.");
      return null;
    }
    for (int i = 0; i < PROMPTS; i++) {
      char[] first = console.readPassword("Password: ");
      char[] again = console.readPassword("Password (again): ");
      if (first == null || again == null) break;
      if (first.length > 0 && java.util.Arrays.equals(first, again)) return new String(first);
      err.println(first.length == 0 ? "Error: Blank passwords aren't allowed." : "Error: Your passwords didn't match.");
    }
    err.println("Error: no password given.");
    return null;
  }

  private ConfigLoader.Sources sources(Command command) {
    JsonObject overrides = command.overrides().copy();
    String conf = (String) overrides.remove("ORDERLY_CONF");
    String envFile = (String) overrides.remove("ENV_FILE");
    if (useEnvironment) {
      if (conf == null) conf = System.getenv("ORDERLY_CONF");
      if (envFile == null) envFile = System.getenv().getOrDefault("ENV_FILE", ".env");
    }
    return new ConfigLoader.Sources(conf == null || conf.isBlank() ? null : Path.of(conf),
        envFile == null || envFile.isBlank() ? null : Path.of(envFile), useEnvironment, overrides);
  }

  private int startupError(String prefix, Throwable e) {
    ConfigException config = find(e, ConfigException.class);
    if (config != null) return configError(config);
    Orderly.StartupException startup = find(e, Orderly.StartupException.class);
    if (startup != null && portInUse(e)) {
      Settings s = startup.settings();
      boolean metrics = Orderly.METRICS_LISTENER.equals(startup.step());
      String key = metrics ? "METRICS_PORT" : "HTTP_PORT";
      err.println("Cannot start: " + key + " " + (metrics ? s.metricsPort() : s.httpPort()) + " is already in use on " + s.httpHost()
          + "; stop the other process or set " + key + " to a free port.");
      return FAILURE;
    }
    err.println(prefix + oneLine(e));
    return FAILURE;
  }

  private int configError(ConfigException e) {
    err.println("Configuration error: " + e.getMessage());
    return USAGE;
  }

  static boolean portInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) return true;
      if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("already in use")) return true;
    }
    return false;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage().strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
    }
    return null;
  }
}
