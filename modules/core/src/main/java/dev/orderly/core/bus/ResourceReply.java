package dev.orderly.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The answer to a {@link ResourceRequest}: the response body exactly as the service rendered it (encoded
 * once, passed through by the gateway untouched), with the record's id and version (null for a list or a
 * delete), which travel as the {@value #ID_HEADER} and {@value #VERSION_HEADER} headers. The other services' writes
 * (export jobs, attachments, a password change) answer with one too.
 *
 * @param replayed whether this is the stored reply of an earlier request with the same {@link IdempotencyKey}
 *                 (nothing was written this time): the {@value IdempotencyKey#REPLAYED_HEADER} header
 */
public record ResourceReply(Buffer body, Long id, Long version, boolean replayed) {
  public static final String ID_HEADER = "id";
  public static final String VERSION_HEADER = "version";

  /** A reply that was not replayed. */
  public ResourceReply(Buffer body, Long id, Long version) {
    this(body, id, version, false);
  }

  /** A reply with no record (a list page, a delete). */
  public static ResourceReply of(JsonObject body) {
    return new ResourceReply(body.toBuffer(), null, null);
  }

  /** A reply whose body is a JSON array (a record's history). */
  public static ResourceReply of(JsonArray body) {
    return new ResourceReply(body.toBuffer(), null, null);
  }

  /** The body as JSON, for the callers that look inside (the auth service's account actions). */
  public JsonObject json() {
    return body.toJsonObject();
  }

  public DeliveryOptions deliveryOptions() {
    DeliveryOptions options = new DeliveryOptions();
    if (id != null) options.addHeader(ID_HEADER, String.valueOf(id));
    if (version != null) options.addHeader(VERSION_HEADER, String.valueOf(version));
    if (replayed) options.addHeader(IdempotencyKey.REPLAYED_HEADER, "true");
    return options;
  }

  /** The reply a message carries: its body is rendered JSON, a buffer. */
  public static ResourceReply fromMessage(Message<Buffer> message) {
    return new ResourceReply(message.body(), longHeader(message, ID_HEADER), longHeader(message, VERSION_HEADER),
        "true".equals(message.headers().get(IdempotencyKey.REPLAYED_HEADER)));
  }

  private static Long longHeader(Message<?> message, String name) {
    String value = message.headers().get(name);
    return value == null ? null : Long.valueOf(value);
  }
}
