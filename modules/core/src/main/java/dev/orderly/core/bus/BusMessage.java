package dev.orderly.core.bus;

import io.vertx.core.json.JsonObject;

/** A typed event-bus body: each record that crosses the bus renders itself, and has a static {@code fromJson} to read it back. */
public interface BusMessage {
  JsonObject toJson();
}
