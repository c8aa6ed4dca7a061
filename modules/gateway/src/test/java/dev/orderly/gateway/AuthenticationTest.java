package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Authentication, permissions and CSRF in front of every API route, with a fake auth service. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class AuthenticationTest {
  private static final String RECORD = "{\"id\":1,\"version\":1}";

  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.withEntities(vertx);
    gateway.entities.replies(RECORD, "1", "1");
  }

  private HttpResponse<Buffer> withToken(HttpMethod method, String path, String token) {
    return gateway.anonymous(method, path).putHeader("Authorization", "Bearer " + token).send().await();
  }

  private static void assert401(HttpResponse<Buffer> response, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  private JsonObject claims(long id) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", String.valueOf(id)).put("username", "u").put(JwtTokens.TYPE, JwtTokens.ACCESS)
        .put("jti", JwtTokens.newId()).put("iat", now).put("exp", now + 600).put("iss", "orderly").put("aud", "orderly-api");
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void noCredentialsIs401NotAuthenticatedAndNothingIsForwarded() {
    assert401(gateway.anonymous(GET, "/api/suppliers/").send().await(), "not_authenticated");
    assert401(gateway.anonymous(GET, "/api/auth/me").send().await(), "not_authenticated");
    assert401(gateway.anonymous(POST, "/api/suppliers/").putHeader("Authorization", "Basic YTpi").send().await(), "not_authenticated");
    assert401(gateway.anonymous(GET, "/api/suppliers/").putHeader("Authorization", "Bearer").send().await(), "authentication_failed");
    assertThat(gateway.entities.count()).isZero();
    GatewayFixture.testRequest(gateway.anonymous(GET, "/health/live"), 200);
  }

  @Test
  void bothSchemesAreAcceptedAndTheSignedCallerIsForwarded() {
    String token = gateway.token(FakeAuth.SUPERUSER);
    GatewayFixture.testRequest(gateway.anonymous(GET, "/api/suppliers/1").putHeader("Authorization", "Token " + token), 200);
    GatewayFixture.testRequest(gateway.anonymous(GET, "/api/suppliers/1").putHeader("Authorization", "bearer " + token), 200);

    RequestContext received = RequestContext.fromHeaders(gateway.entities.last().headers(), CallerSigning.fromSecret(TestServices.SECRET));
    assertThat(received.caller().id()).isEqualTo(FakeAuth.SUPERUSER);
    assertThat(received.caller().superuser()).isTrue();
    assertThat(RequestContext.fromHeaders(gateway.entities.last().headers(), CallerSigning.fromSecret(TestServices.SECRET + "x")).caller())
        .isEqualTo(Caller.ANONYMOUS);
  }

  @Test
  void everyJwtAttackIs401AuthenticationFailed(Vertx vertx) throws Exception {
    JwtTokens other = JwtTokens.create(vertx, TestServices.settings(vertx, new JsonObject().put("DEBUG", "false")
        .put("SECRET_KEY", "another-secret-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ"))).await();
    String good = gateway.tokens.sign(claims(FakeAuth.SUPERUSER));
    String[] parts = good.split("\\.");
    assertThat(withToken(GET, "/api/suppliers/1", good).statusCode()).isEqualTo(200);

    JsonObject admin = claims(FakeAuth.SUPERUSER);
    java.util.Map<String, String> attacks = new java.util.LinkedHashMap<>();
    attacks.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
    attacks.put("alg none, no dot", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1]);
    attacks.put("wrong key", other.sign(admin));
    attacks.put("wrong alg", b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2]);
    attacks.put("tampered payload", parts[0] + "." + b64(new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8)).put("sub", "2").encode()) + "." + parts[2]);
    attacks.put("expired", gateway.tokens.sign(admin.copy().put("iat", 1000).put("exp", Instant.now().getEpochSecond() - 60)));
    attacks.put("wrong iss", gateway.tokens.sign(admin.copy().put("iss", "someone-else")));
    attacks.put("wrong aud", gateway.tokens.sign(admin.copy().put("aud", "another-api")));
    JsonObject noExp = admin.copy();
    noExp.remove("exp");
    attacks.put("missing exp", gateway.tokens.sign(noExp));
    attacks.put("session token as bearer", gateway.tokens.sign(admin.copy().put(JwtTokens.TYPE, JwtTokens.SESSION)));
    attacks.put("garbage", "not.a.jwt");
    for (var attack : attacks.entrySet()) {
      HttpResponse<Buffer> r = withToken(GET, "/api/suppliers/1", attack.getValue());
      assertThat(r.statusCode()).as(attack.getKey()).isEqualTo(401);
      assert401(r, "authentication_failed");
    }
    assertThat(gateway.entities.count()).isEqualTo(1);
  }

  @Test
  void aRevokedTokenIdAndAnInactiveOrUnknownUserAre401() {
    JsonObject c = claims(FakeAuth.SUPERUSER);
    String token = gateway.tokens.sign(c);
    assertThat(withToken(GET, "/api/suppliers/1", token).statusCode()).isEqualTo(200);

    GatewayFixture.testRequest(gateway.request(POST, "/api/auth/logout").putHeader("Authorization", "Bearer " + token), 204);
    assert401(withToken(GET, "/api/suppliers/1", token), "authentication_failed");

    assert401(withToken(GET, "/api/suppliers/1", gateway.token(404)), "authentication_failed");
    gateway.auth.user(9, "gone", true, true).put("is_active", false);
    assert401(withToken(GET, "/api/suppliers/1", gateway.token(9)), "authentication_failed");
  }

  @Test
  void eachMethodNeedsItsPermissionAndUsersAndGroupsNeedStaff() {
    gateway.auth.user(20, "viewer", false, false, "suppliers.view", "purchase_orders.change", "users.view");
    gateway.auth.user(21, "staff", true, false, "users.view", "groups.delete");
    String viewer = gateway.token(20);
    String staff = gateway.token(21);

    assertThat(withToken(GET, "/api/suppliers/", viewer).statusCode()).isEqualTo(200);
    assertThat(withToken(GET, "/api/suppliers/1", viewer).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> denied = withToken(POST, "/api/suppliers/", viewer);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("detail", "You do not have permission to perform this action.").put("code", "permission_denied"));
    assertThat(withToken(DELETE, "/api/suppliers/1", viewer).statusCode()).isEqualTo(403);
    assertThat(withToken(GET, "/api/products/", viewer).statusCode()).isEqualTo(403);
    assertThat(withToken(PATCH, "/api/purchase-orders/1", viewer).statusCode()).isEqualTo(200);
    assertThat(withToken(GET, "/api/users/", viewer).statusCode()).isEqualTo(403);
    assertThat(withToken(GET, "/api/users/", staff).statusCode()).isEqualTo(200);
    assertThat(withToken(DELETE, "/api/groups/3", staff).statusCode()).isEqualTo(204);
    assertThat(withToken(POST, "/api/groups/", staff).statusCode()).isEqualTo(403);
    assertThat(gateway.entities.count()).isEqualTo(3);
  }

  @Test
  void aSessionCookieNeedsTheCsrfTokenOnUnsafeMethodsOnly() {
    JsonObject c = claims(FakeAuth.SUPERUSER).put(JwtTokens.TYPE, JwtTokens.SESSION);
    String session = gateway.tokens.sign(c);
    String cookies = "sessionid=" + session + "; csrftoken=tok123";

    GatewayFixture.testRequest(gateway.anonymous(GET, "/api/suppliers/").putHeader("Cookie", cookies), 200);
    assertCsrf(gateway.anonymous(POST, "/api/suppliers/").putHeader("Cookie", cookies), "CSRF Failed: CSRF token missing.");
    assertCsrf(gateway.anonymous(POST, "/api/suppliers/").putHeader("Cookie", cookies).putHeader("X-CSRFToken", "other"),
        "CSRF Failed: CSRF token incorrect.");
    assertCsrf(gateway.anonymous(POST, "/api/suppliers/").putHeader("Cookie", "sessionid=" + session).putHeader("X-CSRFToken", "tok123"),
        "CSRF Failed: CSRF cookie not set.");
    assertCsrf(gateway.anonymous(POST, "/api/suppliers/").putHeader("Cookie", cookies).putHeader("X-CSRFToken", "tok123")
        .putHeader("Origin", "https://evil.example"), "CSRF Failed: Origin checking failed - https://evil.example does not match any trusted origins.");
    assertCsrf(gateway.anonymous(POST, "/api/suppliers/").putHeader("Cookie", cookies).putHeader("X-CSRFToken", "tok123")
        .putHeader("Referer", "https://evil.example/page"), "CSRF Failed: Referer checking failed - https://evil.example/page does not match any trusted origins.");
    assertThat(gateway.entities.count()).isEqualTo(1);

    assertThat(gateway.anonymous(POST, "/api/suppliers/").putHeader("Cookie", cookies).putHeader("X-CSRFToken", "tok123")
        .putHeader("Origin", gateway.baseUrl()).send().await().statusCode()).isEqualTo(201);
    // a Bearer request needs no CSRF token, even with the cookies
    GatewayFixture.testRequest(gateway.request(POST, "/api/suppliers/").putHeader("Cookie", cookies), 201);
    // an access token is no session, a session token no access token
    assert401(gateway.anonymous(GET, "/api/suppliers/").putHeader("Cookie", "sessionid=" + gateway.token(FakeAuth.SUPERUSER)).send().await(),
        "authentication_failed");
  }

  @Test
  void trustedOriginsAreAccepted(Vertx vertx) {
    GatewayFixture trusting = GatewayFixture.deploy(vertx, new JsonObject().put("CSRF_TRUSTED_ORIGINS", "https://app.example.com"));
    String session = trusting.tokens.sign(claims(FakeAuth.SUPERUSER).put(JwtTokens.TYPE, JwtTokens.SESSION));
    assertThat(trusting.anonymous(POST, "/api/suppliers/").putHeader("Cookie", "sessionid=" + session + "; csrftoken=t")
        .putHeader("X-CSRFToken", "t").putHeader("Origin", "https://app.example.com").send().await().statusCode()).isEqualTo(201);
  }

  private static void assertCsrf(HttpRequest<Buffer> request, String detail) {
    HttpResponse<Buffer> r = request.send().await();
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("detail", detail).put("code", "csrf_failed"));
  }

  @Test
  void sessionLoginSetsDjangosCookiesAndLoginRoutesNeedNoCredentials() {
    gateway.auth.answers(AuthClient.SESSION_LOGIN, new JsonObject().put("session", "s.e.ss").put("csrf", "c5rf").put("max_age", 1209600));
    gateway.auth.answers(AuthClient.LOGIN, new JsonObject().put("access", "a").put("refresh", "r"));

    HttpResponse<Buffer> r = gateway.anonymous(POST, "/api/auth/session").sendJsonObject(new JsonObject().put("username", "a").put("password", "b")).await();

    assertThat(r.statusCode()).isEqualTo(204);
    List<String> cookies = r.cookies();
    assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("sessionid=s.e.ss").contains("Max-Age=1209600", "Path=/", "SameSite=Lax", "Secure").containsIgnoringCase("HttpOnly"));
    assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("csrftoken=c5rf").contains("Path=/", "SameSite=Lax").doesNotContainIgnoringCase("HttpOnly"));
    assertThat(gateway.anonymous(POST, "/api/auth/login/").sendJsonObject(new JsonObject()).await().bodyAsJsonObject().getString("access")).isEqualTo("a");
    assertThat(gateway.anonymous(POST, "/api/auth/refresh").sendJsonObject(new JsonObject()).await().statusCode()).isEqualTo(200);
    GatewayFixture.testRequest(gateway.anonymous(GET, "/api/auth/login"), 405);
    GatewayFixture.testRequest(gateway.anonymous(GET, "/api/auth/nothing"), 404);
  }

  @Test
  void debugCookiesAreNotSecure(Vertx vertx) {
    GatewayFixture debug = GatewayFixture.deploy(vertx, new JsonObject().put("DEBUG", "true"));
    debug.auth.answers(AuthClient.SESSION_LOGIN, new JsonObject().put("session", "s").put("csrf", "c").put("max_age", 60));
    HttpResponse<Buffer> r = debug.anonymous(POST, "/api/auth/session").sendJsonObject(new JsonObject()).await();
    assertThat(r.cookies()).allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
  }

}
