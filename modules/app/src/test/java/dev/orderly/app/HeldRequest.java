package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import dev.orderly.core.test.Eventually;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A request kept in progress at the gateway for as long as the test wants: a JSON POST whose head goes out with
 * {@code Expect: 100-continue} and whose body is sent only by {@link #finish}. The server's {@code 100 Continue} (vertx-web's
 * body handler writes it) is the proof that the gateway has the request in progress, so nothing here depends on timing.
 * Also the probes of a drain test: readiness on a new connection, and whether a new connection is refused.
 */
final class HeldRequest {
  record Answer(int status, JsonObject body) {}

  private final HttpClientAgent client;
  private final HttpClientRequest request;
  private final Buffer body;
  private final Future<Answer> answer;

  private HeldRequest(HttpClientAgent client, HttpClientRequest request, Buffer body) {
    this.client = client;
    this.request = request;
    this.body = body;
    this.answer = request.response().compose(response -> response.body()
        .map(bytes -> new Answer(response.statusCode(), bytes.length() == 0 ? new JsonObject() : bytes.toJsonObject())));
  }

  /** Sends the head of {@code POST path} with {@code body}'s length; returns once the gateway asked for the body. */
  static HeldRequest start(Vertx vertx, int port, String path, JsonObject body) throws Exception {
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    Buffer bytes = body.toBuffer();
    HttpClientRequest request = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(path)).await(RunningOrderly.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Promise<Void> continued = Promise.promise();
    request.putHeader("Content-Type", "application/json").putHeader("Content-Length", String.valueOf(bytes.length()))
        .putHeader("Expect", "100-continue").continueHandler(v -> continued.tryComplete());
    HeldRequest held = new HeldRequest(client, request, bytes);
    request.sendHead();
    continued.future().await(RunningOrderly.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return held;
  }

  /** Whether the answer came (it cannot before {@link #finish}). */
  boolean answered() {
    return answer.isComplete();
  }

  /** Sends the body; returns the answer. */
  Answer finish() throws Exception {
    request.end(body);
    try {
      return answer.await(RunningOrderly.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  /** {@code GET /health/ready} on a new connection; null when the connection is refused. */
  static Answer readiness(Vertx vertx, int port) {
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    try {
      return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI("/health/ready"))
          .compose(r -> r.send().compose(response -> response.body().map(b -> new Answer(response.statusCode(), b.toJsonObject()))))
          .await(RunningOrderly.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (isRefusal(e)) return null;
      throw new AssertionError("readiness on port " + port + " failed: " + e, e);
    } finally {
      client.close();
    }
  }

  /** Whether a new TCP connection to the port is refused (nothing listens there any more). */
  static boolean refused(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }

  static boolean isRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) return true;
    }
    return false;
  }

  /**
   * Asks readiness on new connections while it still answers 200 (a signal reaches the process a moment after it is
   * sent), then checks that it says the node drains.
   */
  static void awaitDraining(Vertx vertx, int port) {
    Answer[] last = new Answer[1];
    Eventually.until("readiness no longer 200", Duration.ofSeconds(30), () -> {
      last[0] = readiness(vertx, port);
      return last[0] == null || last[0].status() != 200;
    });
    assertDraining(last[0]);
  }

  /** What readiness answers once the node drains. */
  static void assertDraining(Answer ready) {
    assertThat(ready).as("readiness answered while draining").isNotNull();
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo(new JsonObject().put("status", "DOWN").put("checks", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("id", "shutdown").put("status", "DOWN").put("detail", "the node is shutting down"))));
  }
}
