package dev.orderly.gateway;

import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A stand-in for the entity service on {@link ResourceClient#ENTITIES_ADDRESS}: records requests, answers as told. */
final class FakeEntities {
  private final List<Message<JsonObject>> received = new CopyOnWriteArrayList<>();
  private final MessageConsumer<JsonObject> consumer;
  private volatile Consumer<Message<JsonObject>> answer = msg -> msg.reply(Buffer.buffer("{}"));

  private FakeEntities(Vertx vertx) {
    consumer = vertx.eventBus().consumer(ResourceClient.ENTITIES_ADDRESS, msg -> {
      received.add(msg);
      answer.accept(msg);
    });
  }

  static FakeEntities register(Vertx vertx) {
    FakeEntities entities = new FakeEntities(vertx);
    entities.consumer.completion().await();
    return entities;
  }

  /** Replies {@code body} (a rendered JSON buffer) with the given version and id headers (null: none). */
  void replies(String body, String version, String id) {
    answer = msg -> {
      DeliveryOptions options = new DeliveryOptions();
      if (version != null) options.addHeader(ResourceReply.VERSION_HEADER, version);
      if (id != null) options.addHeader(ResourceReply.ID_HEADER, id);
      msg.reply(Buffer.buffer(body), options);
    };
  }

  void answers(Consumer<Message<JsonObject>> answer) {
    this.answer = answer;
  }

  /** Fails as a service does: the status as the code, the API body as the message. */
  void fails(int status, JsonObject body) {
    answer = msg -> msg.fail(status, body.encode());
  }

  Message<JsonObject> last() {
    return received.get(received.size() - 1);
  }

  int count() {
    return received.size();
  }

  void unregister() {
    consumer.unregister().await();
  }
}
