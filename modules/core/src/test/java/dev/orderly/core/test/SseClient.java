package dev.orderly.core.test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Server-Sent Events client for tests: {@code GET path} on {@code localhost:port} with the given headers,
 * its stream split into events and comments as an {@code EventSource} would. Every wait has a deadline
 * ({@link Eventually#TIMEOUT} unless given) and fails the test naming what it waited for.
 *
 * <pre>{@code
 * try (SseClient stream = SseClient.start(vertx, port, "/api/events?resources=products", Map.of("Authorization", "Bearer " + token))) {
 *   assertThat(stream.status()).isEqualTo(200);
 *   SseClient.Event created = stream.next();
 * }
 * }</pre>
 */
public final class SseClient implements AutoCloseable {
  /** One event: its {@code id:}, {@code event:} and {@code data:} fields, each null when absent. */
  public record Event(String id, String type, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }

    public long eventId() {
      return Long.parseLong(id);
    }
  }

  private static final Buffer BLANK_LINE = Buffer.buffer("\n\n");

  private final HttpClientAgent client;
  private final Future<HttpClientResponse> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile String body;
  private Buffer partial = Buffer.buffer();

  private SseClient(Vertx vertx, int port, String path, Map<String, String> headers) {
    client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(port));
    response = client.request(HttpMethod.GET, path).compose(request -> {
      headers.forEach(request::putHeader);
      request.connection().closeHandler(v -> ended.countDown());
      return request.send();
    }).onSuccess(r -> {
      r.exceptionHandler(e -> ended.countDown());
      r.endHandler(v -> ended.countDown());
      if (r.statusCode() == 200) {
        r.handler(this::received);
      } else {
        r.body().onSuccess(b -> body = b.toString(StandardCharsets.UTF_8));
      }
    }).onFailure(e -> ended.countDown());
  }

  /** Sends the request; the stream is read as it comes. */
  public static SseClient start(Vertx vertx, int port, String path, Map<String, String> headers) {
    return new SseClient(vertx, port, path, headers);
  }

  /** The response's status, once its head came; -1 when the connection closed before any. */
  public int status() {
    try {
      return response.await(Eventually.TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode();
    } catch (TimeoutException e) {
      throw new AssertionError("no response head within " + Eventually.TIMEOUT.toSeconds() + " s", e);
    } catch (RuntimeException closed) {
      return -1;
    }
  }

  public String header(String name) {
    status();
    return response.result().getHeader(name);
  }

  /** The body of a response that is not a stream (an error), once it came. */
  public JsonObject errorBody() {
    Eventually.until("the error body", () -> body != null);
    return new JsonObject(body);
  }

  /** The next event; fails after {@link Eventually#TIMEOUT}. */
  public Event next() {
    return next(Eventually.TIMEOUT);
  }

  public Event next(Duration timeout) {
    Event event = poll(timeout);
    if (event == null) throw new AssertionError("no event within " + timeout.toMillis() + " ms");
    return event;
  }

  /** The next {@code n} events. */
  public List<Event> next(int n) {
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < n; i++) all.add(next());
    return all;
  }

  /** The next event within {@code timeout}, or null. */
  public Event poll(Duration timeout) {
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The text of the next comment line ({@code : text}); fails after {@code timeout}. */
  public String nextComment(Duration timeout) {
    try {
      String comment = comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (comment == null) throw new AssertionError("no comment within " + timeout.toMillis() + " ms");
      return comment;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits until the server ended the response or closed the connection. */
  public void awaitEnd(Duration timeout) {
    try {
      if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the stream did not end within " + timeout.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public boolean ended() {
    return ended.getCount() == 0;
  }

  @Override
  public void close() {
    client.close().await();
  }

  private void received(Buffer chunk) {
    partial.appendBuffer(chunk);
    int end;
    while ((end = indexOf(partial, BLANK_LINE)) >= 0) {
      block(partial.getString(0, end, StandardCharsets.UTF_8.name()));
      partial = partial.getBuffer(end + BLANK_LINE.length(), partial.length());
    }
  }

  private void block(String text) {
    String id = null;
    String type = null;
    StringBuilder data = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(":")) {
        comments.add(line.substring(1).strip());
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
      switch (field) {
        case "id" -> id = value;
        case "event" -> type = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { }
      }
    }
    if (id != null || type != null || data != null) events.add(new Event(id, type, data == null ? null : data.toString()));
  }

  private static int indexOf(Buffer buffer, Buffer part) {
    outer:
    for (int i = 0; i + part.length() <= buffer.length(); i++) {
      for (int j = 0; j < part.length(); j++) {
        if (buffer.getByte(i + j) != part.getByte(j)) continue outer;
      }
      return i;
    }
    return -1;
  }
}
