package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A started node with short HTTP timeouts, from the configuration keys to the socket: a body that stops short gets
 * 408, a silent connection is closed, an oversized request line gets its JSON 414. The HTTP layer does not depend on
 * the database, so SQLite only. Elapsed times are printed, not asserted.
 */
class SlowClientsIT {
  private static final int REQUEST_TIMEOUT_MS = 500;
  private static final int IDLE_TIMEOUT_MS = 1500;
  private static RunningOrderly app;

  @BeforeAll
  static void start() throws IOException {
    app = RunningOrderly.start(Db.SQLITE, Files.createTempDirectory("orderly-slow-"), new JsonObject()
        .put("HTTP_REQUEST_TIMEOUT_MS", String.valueOf(REQUEST_TIMEOUT_MS)).put("HTTP_IDLE_TIMEOUT_MS", String.valueOf(IDLE_TIMEOUT_MS)));
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  private Socket socket() throws IOException {
    Socket socket = new Socket("127.0.0.1", app.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, String bytes) throws IOException {
    socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Everything the server sends until it closes the connection (or 10 s pass). */
  private static String readToClose(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    try {
      for (int b = in.read(); b >= 0; b = in.read()) out.write(b);
    } catch (SocketException reset) {
      // closed
    } catch (SocketTimeoutException open) {
      throw new AssertionError("the connection is still open after 10 s; received: " + out.toString(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBodyShorterThanItsContentLengthGets408AndTheConnectionIsClosed() throws IOException {
    try (Socket socket = socket()) {
      long start = System.nanoTime();
      send(socket, "POST /api/suppliers/ HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: slow-it-1\r\nAuthorization: Bearer "
          + app.adminToken() + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"code\": \"SLOW\", ");

      String response = readToClose(socket);
      System.out.printf("408 and close after %d ms (HTTP_REQUEST_TIMEOUT_MS=%d)%n", (System.nanoTime() - start) / 1_000_000,
          REQUEST_TIMEOUT_MS);

      assertThat(response).startsWith("HTTP/1.1 408 ").contains("X-Request-Id: slow-it-1\r\n", "X-Frame-Options: DENY\r\n",
          "X-Content-Type-Options: nosniff\r\n", "connection: close\r\n");
      assertThat(new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)))
          .isEqualTo(new JsonObject().put("detail", "The request body did not arrive in time.").put("code", "request_timeout"));
    }
    assertThat(app.testRequest(io.vertx.core.http.HttpMethod.GET, "/api/suppliers/?code=SLOW", null, 200).bodyAsJsonObject()
        .getInteger("count")).as("nothing was created").isZero();
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
    try (Socket socket = socket()) {
      long start = System.nanoTime();
      assertThat(readToClose(socket)).isEmpty();
      System.out.printf("silent connection closed after %d ms (HTTP_IDLE_TIMEOUT_MS=%d)%n", (System.nanoTime() - start) / 1_000_000,
          IDLE_TIMEOUT_MS);
    }
  }

  @Test
  void anOversizedRequestLineGetsTheJsonErrorWithTheUsualHeaders() throws IOException {
    try (Socket socket = socket()) {
      send(socket, "GET /api/suppliers/?search=" + "x".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

      String response = readToClose(socket);

      assertThat(response).startsWith("HTTP/1.0 414 ").contains("X-Request-Id: ", "Content-Security-Policy: ", "X-Frame-Options: DENY\r\n");
      assertThat(new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)).getString("code")).isEqualTo("uri_too_long");
    }
  }
}
