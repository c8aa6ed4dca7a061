package dev.orderly.core.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The whole configuration of a node, parsed and checked once. Every key has its default in
 * {@code conf/orderly.json}; {@link ConfigLoader} layers {@code .env} and the environment over it.
 * A bad value fails with a {@link ConfigException} naming the key. {@code metricsPort} 0 means no metrics-only listener (a gateway node
 * serves {@code /metrics} on {@code HTTP_PORT} regardless). The file passes 300 lines because it is the one
 * place every key is read and checked: a component and a line of {@code from} per key, grouped by subsystem.
 */
public record Settings(
    boolean debug,
    String secretKey,
    List<String> allowedHosts,
    String httpHost,
    int httpPort,
    int httpInstances,
    int metricsPort,
    Set<Role> roles,
    Path dataDir,
    Path mediaRoot,
    Path staticRoot,
    Path logDir,
    boolean logSql,
    String logFormat,
    Postgres postgres,
    int dbPoolSize,
    int dbPoolQueue,
    int dbConnectTimeoutMs,
    int dbAcquireTimeoutMs,
    int requestTimeoutMs,
    String redisUrl,
    List<String> corsAllowedOrigins,
    List<String> csrfTrustedOrigins,
    ThrottleRates throttleRates,
    int numProxies,
    boolean secureSslRedirect,
    long secureHstsSeconds,
    long maxBodySize,
    long maxUploadSize,
    long maxImportSize,
    Jwt jwt,
    long sessionCookieAge,
    int passwordHashQueue,
    int idempotencyTtlHours,
    Cache cache,
    Feed feed,
    Export export,
    Cluster cluster,
    HttpTimeouts httpTimeouts,
    Shutdown shutdown) {

  /**
   * How long the gateway waits for slow HTTP clients: {@code HTTP_IDLE_TIMEOUT_MS} (a connection with no request in
   * progress, before the first request's head is complete or between requests, is closed after it) and
   * {@code HTTP_REQUEST_TIMEOUT_MS} (the longest a JSON request body may take to arrive after its head; past it, 408).
   */
  public record HttpTimeouts(int idleMs, int requestMs) {}

  /**
   * How a node stops on SIGTERM: {@code SHUTDOWN_DELAY_MS} (how long its gateway keeps serving, with
   * {@code /health/ready} answering 503, before it stops accepting connections: time for a load balancer to take
   * it out) and {@code SHUTDOWN_TIMEOUT_MS} (how long the requests in progress then have to finish before their
   * connections are closed).
   */
  public record Shutdown(int delayMs, int timeoutMs) {}

  /**
   * How tokens are signed and checked.
   *
   * @param algorithm HS256 (keyed from SECRET_KEY), RS256 or ES256 (keyed from the PEM files)
   * @param privateKeyFile PKCS#8 PEM private key (RS256/ES256; needed where tokens are issued), or null
   * @param publicKeyFile PEM public key (RS256/ES256; needed where tokens are checked), or null
   */
  public record Jwt(String algorithm, Path privateKeyFile, Path publicKeyFile, String issuer, String audience,
                    int accessTokenMinutes, int refreshTokenDays) {
    public static final java.util.List<String> ALGORITHMS = java.util.List.of("HS256", "RS256", "ES256");
  }

  /**
   * The change feed: {@code EVENTS_RETENTION_HOURS} (how long published events stay readable by readers that
   * catch up, such as SSE clients that reconnect) and {@code SSE_MAX_CLIENTS} (most SSE streams a node serves).
   */
  public record Feed(int retentionHours, int sseMaxClients) {
    public java.time.Duration retention() {
      return java.time.Duration.ofHours(retentionHours);
    }
  }

  /**
   * The export service: {@code EXPORT_WORKERS} (export jobs running at once per node, the rest queued),
   * {@code EXPORT_RETENTION_HOURS} (how long a finished job's file is kept) and {@code IMPORT_MAX_ROWS}
   * (most data rows of an import file).
   */
  public record Export(int workers, int retentionHours, int importMaxRows) {}

  /**
   * Clustering: {@code CLUSTER} (form one Hazelcast cluster with the other nodes and share its event bus),
   * {@code CLUSTER_NAME} (nodes join only a cluster of this name), {@code CLUSTER_HOST} and {@code CLUSTER_PORT}
   * (Hazelcast's membership interface and port), {@code CLUSTER_MEMBERS} (host[:port] of the members to join
   * over TCP; multicast is never used), {@code EVENTBUS_HOST} / {@code EVENTBUS_PORT} (the clustered event
   * bus's own listener; empty host: CLUSTER_HOST, port 0: any free one), {@code CLUSTER_FAILURE_TIMEOUT_MS}
   * (a member silent that long is dropped and its consumers with it), the instances of the entity
   * and auth services ({@code INSTANCES_ENTITIES}, {@code INSTANCES_AUTH}; the gateway's is {@code HTTP_INSTANCES}),
   * and the event bus's mutual TLS ({@link Tls}).
   */
  public record Cluster(boolean enabled, String name, String host, int port, List<String> members, String eventBusHost,
                        int eventBusPort, int failureTimeoutMs, int entitiesInstances, int authInstances, Tls tls) {}

  /**
   * Mutual TLS on the clustered event bus: {@code CLUSTER_TLS_KEYSTORE} (PKCS12: this node's private key and
   * certificate) and {@code CLUSTER_TLS_TRUSTSTORE} (PKCS12: the certificates, or the CA, of the nodes it accepts),
   * each with its {@code _PASSWORD}. Both or neither; neither is a plaintext bus, allowed only with {@code DEBUG}.
   * The files are read when the node joins its cluster, not here.
   */
  public record Tls(String keystore, String keystorePassword, String truststore, String truststorePassword) {
    public boolean enabled() {
      return !keystore.isEmpty();
    }

    @Override
    public String toString() {
      return "Tls[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
  }

  /** Connection settings for PostgreSQL; {@code null} in {@link #postgres()} means SQLite. */
  public record Postgres(String database, String user, String password, String host, int port, String schema) {}

  /**
   * The cache service and the gateway's response cache: {@code CACHE_ENABLED}, {@code CACHE_TTL_SECONDS},
   * {@code CACHE_MAX_ENTRIES} (in-memory store), {@code CACHE_KEY_PREFIX} (of every Redis key),
   * {@code REDIS_TIMEOUT_MS} (longest wait for Redis before it counts as down) and
   * {@code REDIS_RETRY_INTERVAL_MS} (how often a down Redis is tried again).
   */
  public record Cache(boolean enabled, int ttlSeconds, int maxEntries, String keyPrefix, int redisTimeoutMs,
                      int redisRetryIntervalMs) {}

  /** Django's own test for a production key: long, varied, and not the insecure placeholder. */
  static final int MIN_SECRET_LENGTH = 50;

  public static Settings from(JsonObject cfg) {
    Reader r = new Reader(cfg);
    boolean debug = r.bool("DEBUG");
    String secret = r.string("SECRET_KEY");
    if (!debug && !strongSecret(secret)) {
      throw new ConfigException("SECRET_KEY", "DEBUG=false needs a strong secret key (at least "
          + MIN_SECRET_LENGTH + " characters, 5 distinct, not 'django-insecure-...'); set SECRET_KEY, or DEBUG=true for development");
    }
    Path dataDir = r.path("DATA_DIR");
    String media = r.string("MEDIA_ROOT");
    String pgDb = r.string("POSTGRES_DB");
    Postgres pg = pgDb.isEmpty() ? null : new Postgres(pgDb, r.string("POSTGRES_USER"), r.string("POSTGRES_PASSWORD"),
        r.string("POSTGRES_HOST"), r.port("POSTGRES_PORT"), r.string("POSTGRES_SCHEMA"));
    return new Settings(
        debug,
        secret,
        r.list("ALLOWED_HOSTS"),
        r.string("HTTP_HOST"),
        r.port("HTTP_PORT"),
        r.intAtLeast("HTTP_INSTANCES", 0),
        r.port("METRICS_PORT"),
        Role.parseList(r.string("ROLES")),
        dataDir,
        media.isEmpty() ? dataDir.resolve("media") : Path.of(media),
        r.path("STATIC_ROOT"),
        r.path("LOG_DIR"),
        r.bool("LOG_SQL"),
        r.oneOf("LOG_FORMAT", "text", "json"),
        pg,
        r.intAtLeast("DB_POOL_SIZE", 1),
        r.intAtLeast("DB_POOL_QUEUE", 1),
        r.intAtLeast("DB_CONNECT_TIMEOUT_MS", 1),
        r.intAtLeast("DB_ACQUIRE_TIMEOUT_MS", 1),
        r.intAtLeast("REQUEST_TIMEOUT_MS", 1),
        checkRedisUrl(r.string("REDIS_URL")),
        checkOrigins(r.list("CORS_ALLOWED_ORIGINS")),
        r.list("CSRF_TRUSTED_ORIGINS"),
        ThrottleRates.parse(r.string("THROTTLE_RATES")),
        r.intAtLeast("NUM_PROXIES", 0),
        r.bool("SECURE_SSL_REDIRECT"),
        r.longAtLeast("SECURE_HSTS_SECONDS", 0),
        r.longAtLeast("MAX_BODY_SIZE", 1),
        r.longAtLeast("MAX_UPLOAD_SIZE", 1),
        r.longAtLeast("MAX_IMPORT_SIZE", 1),
        jwt(r),
        r.longAtLeast("SESSION_COOKIE_AGE", 60),
        r.intAtLeast("PASSWORD_HASH_QUEUE", 1),
        r.intAtLeast("IDEMPOTENCY_TTL_HOURS", 1),
        new Cache(r.bool("CACHE_ENABLED"), r.intAtLeast("CACHE_TTL_SECONDS", 1), r.intAtLeast("CACHE_MAX_ENTRIES", 1),
            r.string("CACHE_KEY_PREFIX"), r.intAtLeast("REDIS_TIMEOUT_MS", 1), r.intAtLeast("REDIS_RETRY_INTERVAL_MS", 1)),
        new Feed(r.intAtLeast("EVENTS_RETENTION_HOURS", 1), r.intAtLeast("SSE_MAX_CLIENTS", 1)),
        new Export(r.intAtLeast("EXPORT_WORKERS", 1), r.intAtLeast("EXPORT_RETENTION_HOURS", 1), r.intAtLeast("IMPORT_MAX_ROWS", 1)),
        cluster(r, debug),
        new HttpTimeouts(r.intAtLeast("HTTP_IDLE_TIMEOUT_MS", 1), r.intAtLeast("HTTP_REQUEST_TIMEOUT_MS", 1)),
        new Shutdown(r.intAtLeast("SHUTDOWN_DELAY_MS", 0), r.intAtLeast("SHUTDOWN_TIMEOUT_MS", 0)));
  }

  private static Cluster cluster(Reader r, boolean debug) {
    String name = r.string("CLUSTER_NAME");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException("CLUSTER_NAME", "1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    String host = r.string("CLUSTER_HOST");
    if (host.isEmpty()) throw new ConfigException("CLUSTER_HOST", "must not be empty");
    List<String> members = r.list("CLUSTER_MEMBERS");
    for (String member : members) {
      if (!member.matches("[A-Za-z0-9.:\\[\\]_-]+")) throw new ConfigException("CLUSTER_MEMBERS", "'" + member + "' is not host or host:port");
    }
    String eventBusHost = r.string("EVENTBUS_HOST");
    return new Cluster(r.bool("CLUSTER"), name, host, r.port("CLUSTER_PORT"), members, eventBusHost.isEmpty() ? host : eventBusHost,
        r.port("EVENTBUS_PORT"), r.intAtLeast("CLUSTER_FAILURE_TIMEOUT_MS", 1000),
        r.intAtLeast("INSTANCES_ENTITIES", 1), r.intAtLeast("INSTANCES_AUTH", 1), tls(r, r.bool("CLUSTER"), debug));
  }

  private static Tls tls(Reader r, boolean clustered, boolean debug) {
    Tls tls = new Tls(r.string("CLUSTER_TLS_KEYSTORE"), r.string("CLUSTER_TLS_KEYSTORE_PASSWORD"), r.string("CLUSTER_TLS_TRUSTSTORE"),
        r.string("CLUSTER_TLS_TRUSTSTORE_PASSWORD"));
    if (tls.enabled() && tls.truststore().isEmpty()) {
      throw new ConfigException("CLUSTER_TLS_TRUSTSTORE", "CLUSTER_TLS_KEYSTORE needs a truststore: the certificates (or the CA) of the nodes to accept");
    }
    if (!tls.enabled() && !tls.truststore().isEmpty()) {
      throw new ConfigException("CLUSTER_TLS_KEYSTORE", "CLUSTER_TLS_TRUSTSTORE needs a keystore: this node's own key and certificate");
    }
    if (clustered && !debug && !tls.enabled()) {
      throw new ConfigException("CLUSTER_TLS_KEYSTORE", "CLUSTER=true with DEBUG=false needs mutual TLS on the event bus: set CLUSTER_TLS_KEYSTORE"
          + " and CLUSTER_TLS_TRUSTSTORE (PKCS12 files, e.g. from docker/cluster-tls.sh), or DEBUG=true for a plaintext bus in development");
    }
    return tls;
  }

  private static Jwt jwt(Reader r) {
    String algorithm = r.string("JWT_ALGORITHM").toUpperCase(Locale.ROOT);
    if (!Jwt.ALGORITHMS.contains(algorithm)) {
      throw new ConfigException("JWT_ALGORITHM", "must be one of " + String.join(", ", Jwt.ALGORITHMS) + ", got '" + algorithm + "'");
    }
    String priv = r.string("JWT_PRIVATE_KEY_FILE");
    String pub = r.string("JWT_PUBLIC_KEY_FILE");
    if (!algorithm.equals("HS256") && pub.isEmpty()) {
      throw new ConfigException("JWT_PUBLIC_KEY_FILE", "JWT_ALGORITHM=" + algorithm + " needs a PEM public key file");
    }
    String issuer = r.string("JWT_ISSUER");
    String audience = r.string("JWT_AUDIENCE");
    if (issuer.isEmpty()) throw new ConfigException("JWT_ISSUER", "must not be empty");
    if (audience.isEmpty()) throw new ConfigException("JWT_AUDIENCE", "must not be empty");
    return new Jwt(algorithm, priv.isEmpty() ? null : Path.of(priv), pub.isEmpty() ? null : Path.of(pub), issuer, audience,
        r.intAtLeast("ACCESS_TOKEN_MINUTES", 1), r.intAtLeast("REFRESH_TOKEN_DAYS", 1));
  }

  /** {@code IDEMPOTENCY_TTL_HOURS}: how long an idempotency key replays its first response. */
  public java.time.Duration idempotencyTtl() {
    return java.time.Duration.ofHours(idempotencyTtlHours);
  }

  /** Whether the cache service uses Redis ({@code REDIS_URL} set) rather than memory only. */
  public boolean usesRedis() {
    return !redisUrl.isEmpty();
  }

  static String checkRedisUrl(String url) {
    if (!url.isEmpty() && !url.matches("(?i)(redis|rediss|unix)://.+")) {
      throw new ConfigException("REDIS_URL", "'" + url + "' is not a redis://host:port URL");
    }
    return url;
  }

  /** As django-cors-headers checks them: {@code scheme://host[:port]}, no path, never {@code *}. */
  static List<String> checkOrigins(List<String> origins) {
    for (String origin : origins) {
      java.net.URI uri;
      try {
        uri = new java.net.URI(origin);
      } catch (java.net.URISyntaxException e) {
        uri = null;
      }
      if (uri == null || uri.getScheme() == null || uri.getHost() == null
          || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getUserInfo() != null) {
        throw new ConfigException("CORS_ALLOWED_ORIGINS", "'" + origin + "' is not an origin (scheme://host[:port], no path; '*' is not allowed)");
      }
    }
    return origins;
  }

  public boolean usesPostgres() {
    return postgres != null;
  }

  public Path sqliteFile() {
    return dataDir.resolve("db.sqlite3");
  }

  static boolean strongSecret(String key) {
    return key.length() >= MIN_SECRET_LENGTH
        && key.chars().distinct().count() >= 5
        && !key.startsWith("django-insecure-");
  }

  /** Reads raw values (strings from the environment, or JSON scalars) and names the key on failure. */
  private record Reader(JsonObject cfg) {
    String string(String key) {
      Object v = cfg.getValue(key);
      if (v == null) throw new ConfigException(key, "missing (no default in conf/orderly.json)");
      String s = v.toString().trim();
      // .env values may be quoted, as Django's .env files often are
      if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
        s = s.substring(1, s.length() - 1);
      }
      return s;
    }

    String oneOf(String key, String... allowed) {
      String s = string(key).toLowerCase(Locale.ROOT);
      if (!List.of(allowed).contains(s)) throw new ConfigException(key, "must be one of " + String.join(", ", allowed) + ", got '" + string(key) + "'");
      return s;
    }

    boolean bool(String key) {
      String s = string(key).toLowerCase(Locale.ROOT);
      return switch (s) {
        case "true", "1", "yes", "on" -> true;
        case "false", "0", "no", "off", "" -> false;
        default -> throw new ConfigException(key, "not a boolean: '" + string(key) + "' (use true or false)");
      };
    }

    long longAtLeast(String key, long min) {
      String s = string(key);
      long v;
      try {
        v = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "not a number: '" + s + "'");
      }
      if (v < min) throw new ConfigException(key, "must be at least " + min + ", got " + v);
      return v;
    }

    int intAtLeast(String key, int min) {
      long v = longAtLeast(key, min);
      if (v > Integer.MAX_VALUE) throw new ConfigException(key, "too large: " + v);
      return (int) v;
    }

    int port(String key) {
      int p = intAtLeast(key, 0);
      if (p > 65535) throw new ConfigException(key, "not a port number: " + p);
      return p;
    }

    Path path(String key) {
      String s = string(key);
      if (s.isEmpty()) throw new ConfigException(key, "must not be empty");
      return Path.of(s);
    }

    List<String> list(String key) {
      return Arrays.stream(string(key).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
  }
}
