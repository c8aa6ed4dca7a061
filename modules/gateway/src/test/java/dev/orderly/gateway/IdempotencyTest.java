package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.IdempotencyKey;
import dev.orderly.core.bus.ResourceReply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's side of {@code Idempotency-Key} ({@link Idempotency}): which keys it takes (1–255 printable ASCII
 * characters, once), the fingerprint it sends with the key, and the replay mark on a reply the service replayed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class IdempotencyTest {
  private static final String RECORD = "{\"id\":42,\"version\":3,\"name\":\"Acme\"}";
  private static final String BODY = "{\"code\":\"A-1\",\"name\":\"Acme\"}";

  private GatewayFixture gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    gateway = GatewayFixture.withEntities(vertx);
    gateway.entities.replies(RECORD, "3", "42");
  }

  private HttpResponse<Buffer> create(String key) {
    return gateway.request(POST, "/api/suppliers/").putHeader("Content-Type", "application/json").putHeader(IdempotencyKey.HTTP_HEADER, key)
        .sendBuffer(Buffer.buffer(BODY)).await();
  }

  /** A POST of {@link #BODY} with this raw {@code Idempotency-Key} line (bytes no HTTP client would send). */
  private RawHttp.Response rawCreate(String keyLine) throws Exception {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    return RawHttp.exchange(gateway.port, "POST /api/suppliers/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + gateway.token(FakeAuth.SUPERUSER) + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
        + keyLine + "\r\nConnection: close\r\n\r\n" + BODY);
  }

  private static void assertRefused(int status, JsonObject body) {
    assertThat(status).isEqualTo(400);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("detail", "code");
    assertThat(body.getString("code")).isEqualTo("invalid_idempotency_key");
  }

  @Test
  void aKeyOfOneTo255PrintableCharactersIsSentOnWithTheRequest() {
    for (String key : new String[] {"k", "x".repeat(255), "order 2026-12-03 #7 ~!@"}) {
      HttpResponse<Buffer> response = create(key);
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
      Message<JsonObject> forwarded = gateway.entities.last();
      assertThat(forwarded.headers().get(IdempotencyKey.KEY_HEADER)).isEqualTo(key);
      assertThat(forwarded.headers().get(IdempotencyKey.FINGERPRINT_HEADER))
          .isEqualTo(Idempotency.fingerprint("POST", "/api/suppliers/", null, null, Buffer.buffer(BODY)));
    }
  }

  @Test
  void anEmptyOrTooLongKeyIs400InTheErrorShapeAndReachesNoService() {
    int before = gateway.entities.count();
    for (String key : new String[] {"", "x".repeat(256)}) {
      HttpResponse<Buffer> response = create(key);
      assertRefused(response.statusCode(), response.bodyAsJsonObject());
    }
    assertThat(gateway.entities.count()).isEqualTo(before);
  }

  @Test
  void aControlOrNonAsciiCharacterInTheKeyIs400() throws Exception {
    int before = gateway.entities.count();
    for (String line : new String[] {"Idempotency-Key: tab\there", "Idempotency-Key: caf\u00e9"}) {
      RawHttp.Response response = rawCreate(line);
      assertRefused(response.status(), response.json());
    }
    // DEL never gets this far: the HTTP decoder refuses the header line itself, in the same shape
    RawHttp.Response del = rawCreate("Idempotency-Key: del\u007f");
    assertThat(del.status()).isEqualTo(400);
    assertThat(del.json().fieldNames()).containsExactlyInAnyOrder("detail", "code");
    assertThat(gateway.entities.count()).isEqualTo(before);
  }

  @Test
  void twoKeysOnOneRequestAre400() throws Exception {
    RawHttp.Response response = rawCreate("Idempotency-Key: a\r\nIdempotency-Key: b");
    assertRefused(response.status(), response.json());
  }

  @Test
  void aRequestWithoutAKeyCarriesNone() {
    gateway.request(POST, "/api/suppliers/").sendJson(new JsonObject(BODY)).await();
    assertThat(gateway.entities.last().headers().contains(IdempotencyKey.KEY_HEADER)).isFalse();
  }

  @Test
  void aReadIgnoresTheKey() {
    HttpResponse<Buffer> response = gateway.request(GET, "/api/suppliers/42/").putHeader(IdempotencyKey.HTTP_HEADER, "").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(gateway.entities.last().headers().contains(IdempotencyKey.KEY_HEADER)).isFalse();
  }

  @Test
  void loginRoutesIgnoreTheKeyTheyHaveNoUserToKeepItFor() {
    HttpResponse<Buffer> login = gateway.anonymous(POST, "/api/auth/login").putHeader(IdempotencyKey.HTTP_HEADER, "")
        .sendJson(new JsonObject().put("username", "u").put("password", "p")).await();
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
    Message<JsonObject> sent = gateway.auth.received.stream().filter(m -> AuthClient.LOGIN.equals(m.headers().get(Actions.HEADER))).reduce((a, b) -> b)
        .orElseThrow();
    assertThat(sent.headers().contains(IdempotencyKey.KEY_HEADER)).isFalse();
  }

  @Test
  void theFingerprintCoversMethodPathQueryAndBodyButNotTheTrailingSlash() {
    Buffer body = Buffer.buffer(BODY);
    String base = Idempotency.fingerprint("POST", "/api/suppliers/", null, null, body);
    assertThat(Idempotency.fingerprint("POST", "/api/suppliers", null, null, body)).isEqualTo(base);
    assertThat(Idempotency.fingerprint("POST", "/api/suppliers/", null, null, Buffer.buffer("{\"code\":\"A-2\",\"name\":\"Acme\"}")))
        .isNotEqualTo(base);
    assertThat(Idempotency.fingerprint("POST", "/api/products/", null, null, body)).isNotEqualTo(base);
    assertThat(Idempotency.fingerprint("PUT", "/api/suppliers/", null, null, body)).isNotEqualTo(base);
    assertThat(Idempotency.fingerprint("POST", "/api/suppliers/", "dry_run=true", null, body)).isNotEqualTo(base);
    assertThat(Idempotency.fingerprint("POST", "/api/suppliers/", null, null, null)).isNotEqualTo(base);
    // the parts are length-prefixed: moving a byte from one part to the next changes the fingerprint
    assertThat(Idempotency.fingerprint("POST", "/api/a", "b", null, null)).isNotEqualTo(Idempotency.fingerprint("POST", "/api/ab", "", null, null));
  }

  @Test
  void anUploadsFingerprintHasItsMediaTypeWithoutTheBoundaryThatEachTryDrawsAnew() {
    assertThat(Idempotency.mediaType("multipart/form-data; boundary=abc")).isEqualTo("multipart/form-data");
    assertThat(Idempotency.mediaType("Multipart/Form-Data;boundary=xyz")).isEqualTo("multipart/form-data");
    assertThat(Idempotency.mediaType(null)).isEmpty();
  }

  @Test
  void aReplayedReplyAnswersAsTheFirstWithIdempotentReplayed() {
    gateway.entities.answers(msg -> msg.reply(Buffer.buffer(RECORD), new ResourceReply(Buffer.buffer(RECORD), 42L, 3L, true).deliveryOptions()));

    HttpResponse<Buffer> replayed = create("again");

    assertThat(replayed.statusCode()).isEqualTo(201);
    assertThat(replayed.bodyAsString()).isEqualTo(RECORD);
    assertThat(replayed.getHeader("ETag")).isEqualTo("\"3\"");
    assertThat(replayed.getHeader("Location")).isEqualTo(gateway.baseUrl() + "/api/suppliers/42/");
    assertThat(replayed.getHeader(IdempotencyKey.REPLAYED_HTTP_HEADER)).isEqualTo("true");

    gateway.entities.replies(RECORD, "3", "42");
    assertThat(create("fresh").getHeader(IdempotencyKey.REPLAYED_HTTP_HEADER)).as("a first answer is not marked").isNull();
  }

  @Test
  void patchAndDeleteReplaysAreMarkedToo() {
    gateway.entities.answers(msg -> msg.reply(Buffer.buffer(RECORD), new ResourceReply(Buffer.buffer(RECORD), 42L, 4L, true).deliveryOptions()));
    HttpResponse<Buffer> patched = gateway.request(PATCH, "/api/suppliers/42/").putHeader(IdempotencyKey.HTTP_HEADER, "p")
        .sendJson(new JsonObject().put("name", "B")).await();
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.getHeader(IdempotencyKey.REPLAYED_HTTP_HEADER)).isEqualTo("true");
    assertThat(patched.getHeader("ETag")).isEqualTo("\"4\"");

    gateway.entities.answers(msg -> msg.reply(Buffer.buffer("{}"), new DeliveryOptions().addHeader(IdempotencyKey.REPLAYED_HEADER, "true")));
    HttpResponse<Buffer> deleted = gateway.request(DELETE, "/api/suppliers/42/").putHeader(IdempotencyKey.HTTP_HEADER, "d").send().await();
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.getHeader(IdempotencyKey.REPLAYED_HTTP_HEADER)).isEqualTo("true");
  }

  @Test
  void aKeyReusedWithAnotherRequestIsTheServices422AsItSentIt() {
    JsonObject reused = new JsonObject().put("detail", "This Idempotency-Key was already used with another request.")
        .put("code", "idempotency_key_reused");
    gateway.entities.fails(422, reused);
    HttpResponse<Buffer> response = create("reused");
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.bodyAsJsonObject()).isEqualTo(reused);
  }
}
