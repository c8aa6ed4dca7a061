package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every consumer answers a request of this deployment: success, a known error, a thrown exception, or an unknown
 * action; a request not signed with the deployment's key gets no answer, and nothing runs.
 */
class ConsumersTest {
  private static final CallerSigning SIGNING = CallerSigning.fromSecret(TestServices.SECRET);
  private static final Caller ALICE = new Caller(5L, "alice", false, false, Set.of("suppliers.add"));
  /** Short: a dropped request is left to time out, and that is all a test waits for. */
  private static final long SHORT_TIMEOUT_MS = 500;
  private Vertx vertx;
  private final List<RequestContext> ran = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Consumers.register(vertx, SIGNING, "test.service", Map.of(
        "who", (body, ctx) -> {
          ran.add(ctx);
          return Future.succeededFuture(Consumers.Reply.of(new JsonObject().put("anonymous", ctx.caller().anonymous())
              .put("username", ctx.caller().username())));
        },
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
      DeliveryOptions options = RequestContext.anonymous("r-fail", SIGNING).deliveryOptions(20_000);
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
        RequestContext.anonymous("r-1", SIGNING).deliveryOptions(5000).addHeader(Actions.HEADER, "ok")).await());
    assertThat(reply.json().getString("rid")).isEqualTo("r-1");
    assertThat(reply.id()).isEqualTo(7L);
    assertThat(reply.version()).isEqualTo(3L);
  }

  @Test
  void aSignedAnonymousRequestRunsAsAnonymousAndASignedCallerAsItself() {
    JsonObject anonymous = vertx.eventBus().<JsonObject>request("test.service", new JsonObject(),
        RequestContext.anonymous("r-2", SIGNING).deliveryOptions(5000).addHeader(Actions.HEADER, "who")).await().body();
    assertThat(anonymous.getBoolean("anonymous")).isTrue();
    JsonObject alice = vertx.eventBus().<JsonObject>request("test.service", new JsonObject(),
        new RequestContext("r-3", ALICE, SIGNING).deliveryOptions(5000).addHeader(Actions.HEADER, "who")).await().body();
    assertThat(alice.getString("username")).isEqualTo("alice");
    assertThat(ran).extracting(RequestContext::caller).containsExactly(Caller.ANONYMOUS, ALICE);
  }

  @Test
  void aRequestWithoutASignedCallerGetsNoReplyAndRunsNothing() {
    DeliveryOptions unsigned = new DeliveryOptions().setSendTimeout(SHORT_TIMEOUT_MS).addHeader(Actions.HEADER, "who");
    DeliveryOptions noKey = new RequestContext("r-4", Caller.SYSTEM, CallerSigning.NONE).deliveryOptions(SHORT_TIMEOUT_MS)
        .addHeader(Actions.HEADER, "who");
    DeliveryOptions otherKey = new RequestContext("r-5", Caller.SYSTEM, CallerSigning.fromSecret(TestServices.SECRET + "-other"))
        .deliveryOptions(SHORT_TIMEOUT_MS).addHeader(Actions.HEADER, "who");
    DeliveryOptions altered = new RequestContext("r-6", ALICE, SIGNING).deliveryOptions(SHORT_TIMEOUT_MS).addHeader(Actions.HEADER, "who");
    altered.getHeaders().set(RequestContext.CALLER_HEADER, Caller.SYSTEM.header());
    DeliveryOptions noSignature = new RequestContext("r-7", ALICE, SIGNING).deliveryOptions(SHORT_TIMEOUT_MS).addHeader(Actions.HEADER, "who");
    noSignature.getHeaders().remove(CallerSigning.SIGNATURE_HEADER);

    for (DeliveryOptions options : List.of(unsigned, noKey, otherKey, altered, noSignature)) {
      Throwable failure = vertx.eventBus().request("test.service", new JsonObject(), options).<Throwable>map(reply -> null)
          .otherwise(e -> e).await();
      assertThat(failure).as("%s", options.getHeaders()).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) failure).failureType()).as("no reply at all, not a refusal").isEqualTo(ReplyFailure.TIMEOUT);
    }
    // the same action, signed, runs: only the signatures above were missing
    vertx.eventBus().request("test.service", new JsonObject(), RequestContext.anonymous("r-8", SIGNING).deliveryOptions(5000)
        .addHeader(Actions.HEADER, "who")).await();
    assertThat(ran).hasSize(1);
    assertThat(ran.get(0).requestId()).isEqualTo("r-8");
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
