package dev.orderly.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The change feed of a service that keeps a change log (the entity and auth services): action
 * {@value #EVENTS} on the service's address, {@link Since} in, {@link Page} out. It is how a reader that was
 * away (an SSE client that reconnects, a subscriber that restarts) catches up on the events it missed; live
 * events travel on {@code orderly.events.<table>} ({@link Events#address}).
 *
 * <p>{@code event_id}s are assigned once a change has committed, in the order changes become visible, so a
 * reader that asks for the events after the last one it saw misses none, also of transactions that committed
 * late. Each service numbers its own events.
 */
public final class EventFeed {
  public static final String EVENTS = "events";
  /** Most events in one page. */
  public static final int MAX_PAGE = 500;

  private EventFeed() {}

  /**
   * The events of {@code tables} after {@code since}, oldest first, at most {@code limit}. A table the
   * service does not keep is a 400 on {@code resources} naming its resource.
   *
   * @param since the last event id the reader saw (0: from the oldest retained; {@link #NOW}: no events,
   *              only where the feed stands, {@code last})
   */
  public record Since(List<String> tables, long since, int limit) implements BusMessage {
    /** {@code since} of a reader that starts from now: the page holds no event, and {@code last} says where to follow from. */
    public static final long NOW = -1;

    public Since {
      tables = List.copyOf(tables);
      limit = Math.max(1, Math.min(limit, MAX_PAGE));
    }

    /** Where the feed of {@code tables} stands: no events, {@code last} only. */
    public static Since now(List<String> tables) {
      return new Since(tables, NOW, 1);
    }

    public JsonObject toJson() {
      return new JsonObject().put("tables", new JsonArray(new ArrayList<Object>(tables))).put("since", since).put("limit", limit);
    }

    public static Since fromJson(JsonObject json) {
      List<String> tables = new ArrayList<>();
      for (Object t : json.getJsonArray("tables", new JsonArray())) tables.add(String.valueOf(t));
      return new Since(tables, json.getLong("since", 0L), json.getInteger("limit", MAX_PAGE));
    }
  }

  /**
   * One page of the feed.
   *
   * @param reset true when events after {@code since} are no longer retained: the reader must reload
   *              what it shows, then follow the feed from {@code last}
   * @param last  the newest event id the service has numbered, that is published or being published (the
   *              reader's next {@code since} after a reset, or when it starts from {@link Since#NOW})
   */
  public record Page(List<ChangeEvent> events, boolean reset, long last) implements BusMessage {
    public Page {
      events = List.copyOf(events);
    }

    public JsonObject toJson() {
      JsonArray all = new JsonArray();
      for (ChangeEvent e : events) all.add(e.toJson());
      return new JsonObject().put("events", all).put("reset", reset).put("last", last);
    }

    public static Page fromJson(JsonObject json) {
      List<ChangeEvent> events = new ArrayList<>();
      for (Object e : json.getJsonArray("events", new JsonArray())) events.add(ChangeEvent.fromJson((JsonObject) e));
      return new Page(events, json.getBoolean("reset", false), json.getLong("last", 0L));
    }
  }
}
