package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.ForgedTokens;
import dev.orderly.core.test.TestServices;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JWT negative suite over HTTP: every {@link ForgedTokens} attack (unsigned, relabelled, broken, signed by
 * another key, naming a key, bad or missing claims, another type, no such user, padded to 6 KiB), malformed
 * {@code Authorization} headers, and on an RS256 node an HS256 token keyed with its public key, is a 401 in
 * DRF's shape with {@code WWW-Authenticate: Bearer}, on a read and on a write, which writes nothing. A 64 KiB
 * token is past the server's header limit: refused there (431) before authentication.
 */
class BadTokensIT {
  @Test
  void everyForgedTokenIs401OnAnHs256Node(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir)) {
      JwtTokens tokens = RunningOrderly.await(JwtTokens.create(app.vertx(), app.settings()));
      JwtTokens stranger = RunningOrderly.await(JwtTokens.create(app.vertx(),
          TestServices.settings(app.vertx(), TestServices.production().put("SECRET_KEY", TestServices.SECRET + "-stranger"))));
      List<ForgedTokens.Forged> forged = ForgedTokens.against(tokens, stranger, app.adminId(), RunningOrderly.ADMIN);
      List<String> headers = new ArrayList<>();
      for (ForgedTokens.Forged f : forged) {
        if (f.attack().equals(ForgedTokens.OVERSIZED)) {
          tooLarge(app, GET, "/api/auth/me", "Bearer " + f.token(), null);
          tooLarge(app, POST, "/api/suppliers/", "Bearer " + f.token(), new JsonObject().put("code", "TOK-BIG").put("name", "x"));
        } else {
          headers.add("Bearer " + f.token());
        }
      }
      headers.addAll(List.of("Bearer", "Bearer a b", "Token", "Basic " + base64(RunningOrderly.ADMIN + ":" + RunningOrderly.ADMIN_PASSWORD),
          "Bearer " + app.adminToken() + " " + app.adminToken(), "Bearer \"" + app.adminToken() + "\"", "Bearer " + app.adminToken() + "x",
          "Token " + app.adminToken().substring(1)));
      assertThat(headers).hasSizeGreaterThanOrEqualTo(18);
      for (String header : headers) {
        String attack = header.length() > 80 ? header.substring(0, 80) + "...(" + header.length() + ")" : header;
        refused(app, GET, "/api/auth/me", header, null, attack);
        refused(app, POST, "/api/suppliers/", header, new JsonObject().put("code", "TOK-" + headers.indexOf(header)).put("name", "x"), attack);
      }
      assertThat(app.testRequest(GET, "/api/suppliers/", null, 200).bodyAsJsonObject().getLong("count")).as("nothing written").isZero();
      assertThat(app.testRequest(GET, "/api/auth/me", null, 200).bodyAsJsonObject().getString("username"))
          .as("the good token still works").isEqualTo(RunningOrderly.ADMIN);
    }
  }

  @Test
  void anHs256TokenKeyedWithTheRs256PublicKeyIs401(@TempDir Path dir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    Path priv = Files.writeString(dir.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Path pub = Files.writeString(dir.resolve("public.pem"), publicPem);
    JsonObject rs256 = new JsonObject().put("JWT_ALGORITHM", "RS256").put("JWT_PRIVATE_KEY_FILE", priv.toString())
        .put("JWT_PUBLIC_KEY_FILE", pub.toString());
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, rs256)) {
      assertThat(new String(Base64.getUrlDecoder().decode(app.adminToken().split("\\.")[0]), StandardCharsets.UTF_8))
          .as("the node issues RS256").contains("RS256");
      JwtTokens tokens = RunningOrderly.await(JwtTokens.create(app.vertx(), app.settings()));
      List<ForgedTokens.Forged> forged = new ArrayList<>(ForgedTokens.hmacWithPublicKey(tokens, publicPem, app.adminId(), RunningOrderly.ADMIN));
      JwtTokens hs256 = RunningOrderly.await(JwtTokens.create(app.vertx(), TestServices.settings(app.vertx(), TestServices.production())));
      forged.add(new ForgedTokens.Forged("HS256 with the deployment's secret", hs256.sign(
          ForgedTokens.claims(tokens, app.adminId(), RunningOrderly.ADMIN, java.time.Instant.now().getEpochSecond()))));
      for (ForgedTokens.Forged f : forged) {
        refused(app, GET, "/api/auth/me", "Bearer " + f.token(), null, f.attack());
        refused(app, POST, "/api/suppliers/", "Bearer " + f.token(), new JsonObject().put("code", "RS-1").put("name", "x"), f.attack());
      }
      assertThat(app.testRequest(GET, "/api/suppliers/", null, 200).bodyAsJsonObject().getLong("count")).isZero();
    }
  }

  private static void refused(RunningOrderly app, HttpMethod method, String path, String authorization, Object body, String attack) {
    HttpResponse<Buffer> r = app.send(app.anonymous(method, path).putHeader("Authorization", authorization), body);
    assertThat(r.statusCode()).as("%s %s with %s: %s", method, path, attack, r.bodyAsString()).isEqualTo(401);
    assertThat(r.getHeader("WWW-Authenticate")).as(attack).startsWith("Bearer");
    JsonObject error = r.bodyAsJsonObject();
    assertThat(error.fieldNames()).as(attack).containsExactlyInAnyOrder("detail", "code");
    assertThat(error.getString("code")).as(attack).isIn("authentication_failed", "not_authenticated");
    assertThat(ErrorShapes.problem(method, r.statusCode(), r.headers(), r.body())).as(attack).isNull();
  }

  /**
   * A header past the server's 8 KiB: refused before authentication. The HTTP layer answers it (431, its body
   * the gateway's to shape, and closes the connection, which may reset it before the client reads the answer),
   * or, should the limit be raised, authentication does with its 401.
   */
  private static void tooLarge(RunningOrderly app, HttpMethod method, String path, String authorization, Object body) {
    HttpResponse<Buffer> r;
    // a client of its own, without keep-alive: the connection the server closes is reused by no other request
    WebClient once = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("localhost").setDefaultPort(app.port())
        .setKeepAlive(false));
    try {
      r = app.send(once.request(method, path).putHeader("Authorization", authorization), body);
    } catch (Exception reset) {
      assertThat(reset).as("only the connection closed: %s", reset).isInstanceOf(java.io.IOException.class);
      return;
    } finally {
      once.close();
    }
    assertThat(r.statusCode()).as("%s %s with a 64 KiB token", method, path).isIn(401, 431);
    if (r.statusCode() == 401 || r.body() != null && r.body().length() > 0) {
      assertThat(ErrorShapes.problem(method, r.statusCode(), r.headers(), r.body())).isNull();
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
