package dev.orderly.gateway;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.EventFeed;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's Server-Sent Events stream ({@link EventStreams} checked the request). In order: it follows
 * the live events of its tables ({@link LiveEvents}; holding what arrives, at most {@code maxPending}), then pages
 * through the service's change feed from where the client resumes (writing a page only as fast as the
 * client reads it), then sends the held events it has not sent yet, then every live event as it comes,
 * dropping any at or below the last id sent (delivery is at least once). Each event is
 * {@code id: <event_id>}, {@code event: <type>}, {@code data: <the event JSON>}; a resume past retention
 * gets one {@code event: reset} with {@code data: {"last": N}} (id N), then the events after N; a stream
 * that resumes from nowhere starts with {@code id: N}, the newest event, so a reconnect misses nothing.
 * A {@code : ping} comment goes out every {@code heartbeatMs}.
 *
 * <p>Nothing grows without bound: a client whose write queue is past {@code writeQueueBytes} when a live
 * event comes, that reads nothing for a whole heartbeat period, or whose held events pass
 * {@code maxPending} is disconnected; it reconnects with {@code Last-Event-ID} and catches up from the
 * feed. After every change of a user or group the caller's principal is loaded again: a user who may no
 * longer view one of the resources, or is no longer active, has the stream ended (its reconnect gets the
 * 403 or 401). When the server shuts down ({@link HttpGatewayVerticle#stop}) the stream ends once it has sent what
 * it has, so that it does not hold the shutdown: its client reconnects, to another node, from its last event id.
 * However it ends, what it follows, its timer and its slot are freed once.
 */
final class EventStream {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final Buffer PING = Buffer.buffer(": ping\n\n");

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final long userId;
  private final EventStreams.Subscription subscription;
  private final ServiceClient feed;
  private final LiveEvents live;
  private final Principals principals;
  private final EventStreams.Options options;
  private final Runnable release;
  private final Runnable permissionsChanged = this::recheck;
  private final Consumer<LiveEvents.Live> follower = this::live;
  /** Live events held while catching up; null once live. */
  private List<LiveEvents.Live> pending = new ArrayList<>();
  private long lastSent;
  private long heartbeat = -1;
  private boolean opened;
  private boolean closed;
  private boolean stalled;
  private boolean checking;
  private boolean checkAgain;
  private boolean shuttingDown;

  EventStream(Vertx vertx, RoutingContext ctx, long userId, EventStreams.Subscription subscription, ServiceClient feed,
              LiveEvents live, Principals principals, EventStreams.Options options, Runnable release) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.response = ctx.response();
    this.userId = userId;
    this.subscription = subscription;
    this.feed = feed;
    this.live = live;
    this.principals = principals;
    this.options = options;
    this.release = release;
  }

  /** Follows the live events, then reads the feed; the response starts once the first page came. */
  void start() {
    // vertx-web's end handlers own the response's close and exception handlers: the access log's is one
    ctx.addEndHandler(ended -> free());
    ctx.request().connection().shutdownHandler(v -> shutdown());
    principals.watch(permissionsChanged);
    Long since = subscription.since();
    live.follow(subscription.tables(), follower)
        .compose(v -> feed.events(since == null ? EventFeed.Since.now(subscription.tables()) : page(since), context()))
        .onComplete(first -> {
          if (closed) return;
          if (first.failed()) {
            free();
            ctx.fail(first.cause());
            return;
          }
          live.confirm(subscription.tables());
          open();
          if (since == null) {
            lastSent = first.result().last();
            response.write(Buffer.buffer("id: " + lastSent + "\n\n"));
            if (shuttingDown) shutdown();
            else deliver(new ArrayDeque<>(), false);
          } else if (shuttingDown) {
            shutdown();
          } else {
            received(first.result());
          }
        });
  }

  /** The server shuts down: ends the stream now, or once it has told a new client where it starts. */
  private void shutdown() {
    shuttingDown = true;
    if (opened && !closed) end("the server is shutting down");
  }

  private EventFeed.Since page(long since) {
    return new EventFeed.Since(subscription.tables(), since, EventFeed.MAX_PAGE);
  }

  private RequestContext context() {
    return Authentication.context(ctx);
  }

  private void open() {
    opened = true;
    response.setChunked(true).setWriteQueueMaxSize(options.writeQueueBytes()).setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.writeHead();
    heartbeat = vertx.setPeriodic(options.heartbeatMs(), id -> heartbeat());
    log.debug("rid={} user={} event stream of {} opened after {}", requestId(), userId, subscription.resources(),
        subscription.since() == null ? "now" : subscription.since());
    if (checkAgain) recheck();
  }

  /** A page of the feed: a reset, or events; the next page follows while pages come full. */
  private void received(EventFeed.Page page) {
    if (page.reset()) {
      lastSent = page.last();
      response.write(Buffer.buffer("id: " + lastSent + "\nevent: reset\ndata: ")
          .appendBuffer(new JsonObject().put("last", lastSent).toBuffer()).appendString("\n\n"));
      deliver(new ArrayDeque<>(), true);
    } else {
      deliver(new ArrayDeque<>(page.events()), page.events().size() >= EventFeed.MAX_PAGE);
    }
  }

  /** Writes {@code backlog} as the client reads it, then fetches the next page ({@code more}) or goes live. */
  private void deliver(Deque<ChangeEvent> backlog, boolean more) {
    response.drainHandler(null);
    while (!closed && !backlog.isEmpty()) {
      if (response.writeQueueFull()) {
        response.drainHandler(v -> deliver(backlog, more));
        return;
      }
      send(backlog.poll());
    }
    if (closed) return;
    if (more) {
      feed.events(page(lastSent), context()).onComplete(next -> {
        if (closed) return;
        if (next.succeeded()) received(next.result());
        else end("the change feed did not answer: " + next.cause());
      });
    } else {
      List<LiveEvents.Live> held = pending;
      pending = null;
      held.sort(Comparator.comparingLong(l -> l.event().eventId()));
      held.forEach(this::live);
    }
  }

  private void live(LiveEvents.Live event) {
    if (closed) return;
    if (pending != null) {
      if (pending.size() >= options.maxPending()) disconnect("more than " + options.maxPending() + " events came while it caught up");
      else pending.add(event);
      return;
    }
    if (event.event().eventId() <= lastSent) return;
    if (response.writeQueueFull()) {
      disconnect("its write queue passed " + options.writeQueueBytes() + " bytes");
      return;
    }
    send(event.event().eventId(), event.frame());
  }

  private void send(ChangeEvent event) {
    send(event.eventId(), frame(event));
  }

  private void send(long eventId, Buffer frame) {
    lastSent = eventId;
    response.write(frame);
  }

  /** {@code id: <event_id>}, {@code event: <type>}, {@code data: <the event JSON>} and the blank line that ends an event. */
  static Buffer frame(ChangeEvent event) {
    return Buffer.buffer("id: " + event.eventId() + "\nevent: " + event.type() + "\ndata: ")
        .appendBuffer(event.toJson().toBuffer()).appendString("\n\n");
  }

  private void heartbeat() {
    if (closed) return;
    if (!response.writeQueueFull()) {
      stalled = false;
      response.write(PING);
    } else if (stalled) {
      disconnect("it read nothing for " + options.heartbeatMs() + " ms");
    } else {
      stalled = true;
    }
  }

  /** A user or group changed: the caller's principal again; one check at a time, one more if changes came meanwhile. */
  private void recheck() {
    if (closed) return;
    if (checking || !opened) {
      checkAgain = true;
      return;
    }
    checking = true;
    checkAgain = false;
    principals.ofToken(Authentication.claims(ctx), context().withCaller(Caller.ANONYMOUS)).onComplete(loaded -> {
      checking = false;
      if (closed) return;
      Caller caller = loaded.succeeded() ? loaded.result() : null;
      if (loaded.failed()) end("its token or permissions could not be checked: " + loaded.cause().getMessage());
      else if (caller == null) end("the user is no longer active");
      else if (!EventStreams.viewsAll(caller, subscription.resources())) end("the user may no longer view all of " + subscription.resources());
      else if (checkAgain) recheck();
    });
  }

  /** Ends the response cleanly: the client reconnects and is checked again. */
  private void end(String why) {
    log.info("rid={} user={} event stream ended: {}", requestId(), userId, why);
    free();
    response.end();
  }

  /** Closes the connection of a client that does not keep up. */
  private void disconnect(String why) {
    log.info("rid={} user={} event stream disconnected: {}", requestId(), userId, why);
    free();
    response.reset();
  }

  /** Frees what the stream holds, once. */
  private void free() {
    if (closed) return;
    closed = true;
    pending = null;
    if (heartbeat >= 0) vertx.cancelTimer(heartbeat);
    live.unfollow(subscription.tables(), follower);
    principals.unwatch(permissionsChanged);
    release.run();
  }

  private String requestId() {
    return RequestTracking.requestId(ctx);
  }
}
