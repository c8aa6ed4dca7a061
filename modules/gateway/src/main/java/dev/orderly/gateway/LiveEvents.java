package dev.orderly.gateway;

import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.Events;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The live change events of one gateway instance's {@link EventStream}s: one event-bus consumer per table
 * ({@code orderly.events.<table>}), registered when the first stream follows the table, so a thousand
 * streams cost one registration per table, not a thousand (each of which a cluster would spread to every
 * node), and each event is parsed and framed once for all of them. A table a service {@link #confirm}ed
 * (a stream's first page came) keeps its consumer when no stream follows it (unregistering would have
 * Vert.x warn of every event still on its way); any other, such as a name the service refused, is
 * unregistered when its last stream leaves, so the consumers are as many as the real tables at most.
 * Used on the instance's event loop only.
 */
final class LiveEvents {
  /** An event as it arrived, with its Server-Sent Events frame. */
  record Live(ChangeEvent event, Buffer frame) {}

  private static final class Table {
    final Set<Consumer<Live>> followers = new LinkedHashSet<>();
    MessageConsumer<?> consumer;
    boolean confirmed;
  }

  private final Vertx vertx;
  private final CallerSigning signing;
  private final Map<String, Table> tables = new HashMap<>();

  LiveEvents(Vertx vertx, CallerSigning signing) {
    this.vertx = vertx;
    this.signing = signing;
  }

  /** Sends the events of {@code names} to {@code follower} from when the future completes: each table's consumer is registered. */
  Future<Void> follow(List<String> names, Consumer<Live> follower) {
    return Future.all(names.stream().map(name -> {
      Table table = tables.computeIfAbsent(name, this::register);
      table.followers.add(follower);
      return table.consumer.completion();
    }).toList()).mapEmpty();
  }

  /** The service keeps the events of {@code names}: their consumers stay. */
  void confirm(List<String> names) {
    for (String name : names) {
      Table table = tables.get(name);
      if (table != null) table.confirmed = true;
    }
  }

  void unfollow(List<String> names, Consumer<Live> follower) {
    for (String name : names) {
      Table table = tables.get(name);
      if (table == null || !table.followers.remove(follower) || !table.followers.isEmpty() || table.confirmed) continue;
      tables.remove(name);
      table.consumer.unregister();
    }
  }

  private Table register(String name) {
    Table table = new Table();
    table.consumer = BusEvents.consumer(vertx, signing, Events.address(name), message -> {
      if (table.followers.isEmpty()) return;
      ChangeEvent event = ChangeEvent.fromJson(message.body());
      Live live = new Live(event, EventStream.frame(event));
      List.copyOf(table.followers).forEach(follower -> follower.accept(live));
    });
    return table;
  }
}
