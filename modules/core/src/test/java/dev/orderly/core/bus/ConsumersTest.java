package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every consumer answers: success, a known error, a thrown exception, or an unknown action. */
class ConsumersTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Consumers.register(vertx, "test.service", Map.of(
        "ok", (body, ctx) -> Future.succeededFuture(Consumers.Reply.of(
            new ResourceReply(new JsonObject().put("rid", ctx.requestId()).toBuffer(), 7L, 3L))),
        "invalid", (body, ctx) -> Future.failedFuture(ServiceError.invalid("name", "Bad.")),
        "throws", (body, ctx) -> {
          throw new IllegalStateException("boom with secret details");
        },
        "db-down", (body, ctx) -> Future.failedFuture(new RuntimeException(new ConnectException("Connection refused"))))).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private ReplyException fail(String action) {
    try {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(20_000);
      if (action != null) options.addHeader(Actions.HEADER, action);
      vertx.eventBus().request("test.service", new JsonObject(), options).await();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("expected a failure for " + action);
  }

  @Test
  void repliesWithBodyAndHeaders() {
    var reply = ResourceReply.fromMessage(vertx.eventBus().<io.vertx.core.buffer.Buffer>request("test.service", new JsonObject(),
        RequestContext.system("r-1").deliveryOptions(5000).addHeader(Actions.HEADER, "ok")).await());
    assertThat(reply.json().getString("rid")).isEqualTo("r-1");
    assertThat(reply.id()).isEqualTo(7L);
    assertThat(reply.version()).isEqualTo(3L);
  }

  @Test
  void knownErrorsKeepTheirStatusAndBody() {
    ReplyException e = fail("invalid");
    assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(e.failureCode()).isEqualTo(400);
    assertThat(new JsonObject(e.getMessage()).getJsonArray("name").getString(0)).isEqualTo("Bad.");
  }

  @Test
  void aThrowingHandlerIsAnsweredWith500AndNoDetails() {
    ReplyException e = fail("throws");
    assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(e.failureCode()).isEqualTo(500);
    assertThat(e.getMessage()).doesNotContain("boom").doesNotContain("IllegalState");
  }

  @Test
  void aLostDatabaseIs503() {
    assertThat(fail("db-down").failureCode()).isEqualTo(503);
  }

  @Test
  void aConnectionLostUnderAStatementIs503() {
    assertThat(Consumers.toServiceError(new RuntimeException(new java.io.IOException("Broken pipe"))).status()).isEqualTo(503);
    assertThat(Consumers.toServiceError(new java.net.SocketException("Connection reset")).status()).isEqualTo(503);
    assertThat(Consumers.toServiceError(new IllegalStateException("bug")).status()).isEqualTo(500);
  }

  @Test
  void anUnknownActionIsAnsweredNotLeftToTimeOut() {
    ReplyException e = fail("teleport");
    assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(e.failureCode()).isEqualTo(501);
    assertThat(new JsonObject(e.getMessage()).getString("code")).isEqualTo("unknown_action");
    ReplyException none = fail(null);
    assertThat(none.failureCode()).isEqualTo(501);
  }
}
