package dev.orderly.app;

import dev.orderly.core.test.Db;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.Credentials;
import dev.orderly.core.bus.AuthMessages.NewSuperuser;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.config.Role;
import dev.orderly.core.config.Settings;
import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole application started in-process for end-to-end tests, on a free port, with a fresh
 * database of the given {@link Db}, plus an HTTP client on it. Blocking by design: test methods run
 * on a plain thread and may wait. Requests are sent as the superuser {@value #ADMIN} (created through the
 * auth service at start; on a node without it, a token signed with the node's key) with its Bearer token,
 * unless sent {@link #anonymous} or {@link #requestAs} another token.
 *
 * <pre>{@code
 * @ParameterizedTest @EnumSource(Db.class)
 * void createsSupplier(Db db, @TempDir Path dir) {
 *   try (RunningOrderly app = RunningOrderly.start(db, dir)) {
 *     JsonObject created = app.testRequest(HttpMethod.POST, "/api/suppliers/", new JsonObject().put("code", "A1").put("name", "A"), 201)
 *         .bodyAsJsonObject();
 *     app.testRequest(HttpMethod.GET, "/api/suppliers/" + created.getLong("id") + "/", null, 200);
 *   }
 * }
 * }</pre>
 */
public final class RunningOrderly implements AutoCloseable {
  /** Longest wait for a start, a stop or one request. */
  public static final long TIMEOUT_SECONDS = 30;
  public static final String ADMIN = "e2e-admin";
  public static final String ADMIN_PASSWORD = "admin-Passw0rd-e2e";
  /**
   * The {@code THROTTLE_RATES} every node starts with unless a test sets its own: rates no suite
   * reaches (the default 100 anonymous requests an hour would throttle the suites themselves).
   */
  public static final String GENEROUS_RATES =
      "anon=100000/minute,user=100000/minute,approval=100000/minute,export=100000/minute,login=100000/minute";

  private final Db db;
  private final JsonObject overrides;
  private final Orderly app;
  private final WebClient client;
  private final String token;
  private boolean stopped;
  private boolean keepDatabase;

  private RunningOrderly(Db db, JsonObject overrides, Orderly app) {
    this.db = db;
    this.overrides = overrides;
    this.app = app;
    this.client = WebClient.create(app.vertx(), new WebClientOptions()
        .setDefaultHost("localhost").setDefaultPort(app.port()).setFollowRedirects(false));
    this.token = adminToken(app);
  }

  /** The superuser's access token: logged in through the auth service, created there first when new. */
  private static String adminToken(Orderly app) {
    Settings settings = app.settings();
    if (!settings.roles().contains(Role.AUTH)) {
      JwtTokens tokens = await(JwtTokens.create(app.vertx(), settings));
      return tokens.issue(new JsonObject().put("sub", "1").put("username", ADMIN).put(JwtTokens.TYPE, JwtTokens.ACCESS), 900);
    }
    AuthClient auth = new AuthClient(app.vertx(), TIMEOUT_SECONDS * 1000);
    RequestContext system = new RequestContext("e2e", Caller.SYSTEM, CallerSigning.fromSecret(settings.secretKey()));
    try {
      return await(auth.login(new Credentials(ADMIN, ADMIN_PASSWORD), RequestContext.anonymous("e2e", CallerSigning.fromSecret(settings.secretKey())))).access();
    } catch (io.vertx.core.eventbus.ReplyException unknown) {
      await(auth.createSuperuser(new NewSuperuser(ADMIN, "admin@example.com", ADMIN_PASSWORD), system));
      return await(auth.login(new Credentials(ADMIN, ADMIN_PASSWORD), RequestContext.anonymous("e2e", CallerSigning.fromSecret(settings.secretKey())))).access();
    }
  }

  /** Starts every role on a new empty database of {@code db}, with files under {@code dir}. */
  public static RunningOrderly start(Db db, Path dir) {
    return start(db, dir, new JsonObject());
  }

  /**
   * As {@link #start(Db, Path)}, with {@code extra} configuration on top (e.g. {@code ROLES}, {@code DEBUG},
   * {@code THROTTLE_RATES}, which is {@link #GENEROUS_RATES} otherwise).
   */
  public static RunningOrderly start(Db db, Path dir, JsonObject extra) {
    JsonObject overrides = db.overrides(dir).put("THROTTLE_RATES", GENEROUS_RATES).mergeIn(extra);
    if (!overrides.containsKey("HTTP_PORT") || "0".equals(String.valueOf(overrides.getValue("HTTP_PORT")))) {
      overrides.put("HTTP_PORT", String.valueOf(TestServices.freePort()));
    }
    return startOn(db, overrides);
  }

  /** Starts every role on the database {@code overrides} name (e.g. one a command already set up); it is removed on close. */
  public static RunningOrderly startOn(Db db, JsonObject overrides) {
    try {
      return new RunningOrderly(db, overrides, await(Orderly.start(overrides, false)));
    } catch (Throwable e) {
      db.cleanup(overrides);
      throw e;
    }
  }

  /** Stops this node and starts a new one on the same data and port; close the one returned. */
  public RunningOrderly restart() {
    keepDatabase = true;
    close();
    return startOn(db, overrides);
  }

  public Orderly app() {
    return app;
  }

  public Vertx vertx() {
    return app.vertx();
  }

  public Settings settings() {
    return app.settings();
  }

  public int port() {
    return app.port();
  }

  public Db db() {
    return db;
  }

  /** The configuration this node was started with, above the defaults. */
  public JsonObject overrides() {
    return overrides.copy();
  }

  /** The absolute URL of {@code path}, as the server renders links and {@code Location}. */
  public String url(String path) {
    return "http://localhost:" + port() + path;
  }

  public WebClient client() {
    return client;
  }

  /** A request to this node as the superuser, to add headers (e.g. {@code If-Match}) before {@link #send}. */
  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return requestAs(token, method, path);
  }

  /** A request with {@code accessToken} as its Bearer token. */
  public HttpRequest<Buffer> requestAs(String accessToken, HttpMethod method, String path) {
    return client.request(method, path).putHeader("Authorization", "Bearer " + accessToken);
  }

  /** A request without credentials. */
  public HttpRequest<Buffer> anonymous(HttpMethod method, String path) {
    return client.request(method, path);
  }

  /** The superuser's access token. */
  public String adminToken() {
    return token;
  }

  /** The superuser's user id: the {@code sub} of its token. */
  public long adminId() {
    String payload = token.split("\\.")[1];
    return Long.parseLong(new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload),
        java.nio.charset.StandardCharsets.UTF_8)).getString("sub"));
  }

  /** {@code POST /api/auth/login}: the token pair, failing the test unless it is 200. */
  public JsonObject login(String username, String password) {
    HttpResponse<Buffer> r = send(anonymous(HttpMethod.POST, "/api/auth/login"), new JsonObject().put("username", username).put("password", password));
    assertThat(r.statusCode()).as("login of %s: %s", username, r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /** Creates a user as the superuser ({@code POST /api/users/}) and returns its access token. */
  public String user(String username, String password, JsonObject more) {
    testRequest(HttpMethod.POST, "/api/users/", more.copy().put("username", username).put("password", password), 201);
    return login(username, password).getString("access");
  }

  /**
   * Sends {@code request} with {@code body}: null (no body), a {@link JsonObject} or {@link JsonArray}
   * (JSON), a {@link Buffer} (as is), a String (as is, typed {@code application/json} unless the request
   * sets a content type, for malformed-JSON tests) or any other object (encoded as JSON).
   */
  public HttpResponse<Buffer> send(HttpRequest<Buffer> request, Object body) {
    Future<HttpResponse<Buffer>> response;
    if (body == null) {
      response = request.send();
    } else if (body instanceof Buffer b) {
      response = request.sendBuffer(b);
    } else if (body instanceof String s) {
      if (!request.headers().contains("Content-Type")) request.putHeader("Content-Type", "application/json");
      response = request.sendBuffer(Buffer.buffer(s));
    } else {
      response = request.sendJson(body);
    }
    return await(response);
  }

  public HttpResponse<Buffer> testRequest(HttpMethod method, String path, Object body) {
    return send(request(method, path), body);
  }

  public HttpResponse<Buffer> testRequest(HttpMethod method, String path, Object body, MultiMap headers) {
    HttpRequest<Buffer> request = request(method, path);
    request.putHeaders(headers);
    return send(request, body);
  }

  /** Sends, and fails the test (showing the body) unless the status is {@code expectedStatus}. */
  public HttpResponse<Buffer> testRequest(HttpMethod method, String path, Object body, int expectedStatus) {
    HttpResponse<Buffer> response = testRequest(method, path, body);
    assertThat(response.statusCode())
        .as("%s %s answered %s %s", method, path, response.statusCode(), response.bodyAsString())
        .isEqualTo(expectedStatus);
    return response;
  }

  /** Stops the node; the database stays (see {@link #restart}). */
  public void stop() {
    if (stopped) return;
    stopped = true;
    client.close();
    await(app.close());
  }

  /** Stops the node and removes its database. */
  @Override
  public void close() {
    try {
      stop();
    } finally {
      if (!keepDatabase) db.cleanup(overrides);
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT_SECONDS + " s", e);
    }
  }

  /** The failure of {@code future}, failing the test when it succeeds or does not end in time. */
  static Throwable awaitFailure(Future<?> future) {
    try {
      future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT_SECONDS + " s", e);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected a failure, got " + future.result());
  }
}
