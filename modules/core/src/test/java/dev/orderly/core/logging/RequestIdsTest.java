package dev.orderly.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each bus request keeps its own request id through the asynchronous steps of its work, however many run at once. */
class RequestIdsTest {
  private static final CallerSigning SIGNING = CallerSigning.fromSecret(TestServices.SECRET);
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // the handler reads the id before and after a timer: other requests ran on the same event loop between
    Consumers.register(vertx, SIGNING, "test.rid", Map.of("echo", (body, ctx) -> {
      String before = RequestIds.current();
      return vertx.timer(body.getInteger("delay"), TimeUnit.MILLISECONDS)
          .map(t -> Consumers.Reply.of(new JsonObject().put("before", before).put("after", RequestIds.current())));
    })).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void everyRequestSeesItsOwnIdAcrossItsAsynchronousSteps() {
    List<Future<Message<JsonObject>>> replies = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      replies.add(vertx.eventBus().request("test.rid", new JsonObject().put("delay", 1 + (i * 7) % 20),
          RequestContext.anonymous("rid-" + i, SIGNING).deliveryOptions(5000).addHeader(Actions.HEADER, "echo")));
    }
    for (int i = 0; i < replies.size(); i++) {
      JsonObject body = replies.get(i).await().body();
      assertThat(body.getString("before")).isEqualTo("rid-" + i);
      assertThat(body.getString("after")).isEqualTo("rid-" + i);
    }
  }

  @Test
  void outsideAnyRequestThereIsNone() {
    assertThat(RequestIds.current()).isNull();
    String onTimer = vertx.timer(1, TimeUnit.MILLISECONDS).map(t -> String.valueOf(RequestIds.current())).await();
    assertThat(onTimer).isEqualTo("null");
  }
}
