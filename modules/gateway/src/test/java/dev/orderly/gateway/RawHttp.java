package dev.orderly.gateway;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests no HTTP client would send (no {@code Host}, HTTP/1.0, a body still streaming, an oversized line),
 * written to a plain socket; the response is read up to its {@code Content-Length}. Every read waits at most
 * {@value #READ_TIMEOUT_MS} ms.
 */
final class RawHttp {
  static final int READ_TIMEOUT_MS = 10_000;

  private RawHttp() {}

  record Response(String statusLine, int status, Map<String, String> headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  static Response exchange(int port, String request) throws IOException {
    try (Connection connection = new Connection(port)) {
      connection.send(request);
      return connection.read();
    }
  }

  /** One open connection: send a request in parts, read responses, see whether the server closed it. */
  static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    Connection(int port) throws IOException {
      socket = new Socket(GatewayFixture.HOST, port);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      in = socket.getInputStream();
    }

    void send(String bytes) throws IOException {
      socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    }

    /** The next response, its body read to its {@code Content-Length}. */
    Response read() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) throw new IOException("connection closed in the response head: " + head);
        head.write(b);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      return new Response(lines[0], status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Whether the server closed the connection: a read reaches the end of the stream (or a reset) before
     * {@value #READ_TIMEOUT_MS} ms; false when a byte came instead or nothing happened.
     */
    boolean closedByServer() throws IOException {
      try {
        return in.read() < 0;
      } catch (SocketException reset) {
        return true;
      } catch (java.net.SocketTimeoutException stillOpen) {
        return false;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
