package dev.orderly.core.bus;

import dev.orderly.core.security.Hashes;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * A write's {@code Idempotency-Key} as it travels with the request ({@link RequestContext}): the client's key and
 * the fingerprint (SHA-256, hex) of what was sent under it. The service that commits the write stores the key with
 * the fingerprint and its reply ({@code dev.orderly.core.db.IdempotencyKeys}): the same key and fingerprint from the
 * same user replays that reply, another fingerprint is a 422 {@value ErrorCodes#IDEMPOTENCY_KEY_REUSED}. On the bus
 * the pair is the {@value #KEY_HEADER} and {@value #FINGERPRINT_HEADER} headers; a replayed reply carries
 * {@value #REPLAYED_HEADER}.
 *
 * @param key         1 to {@value #MAX_LENGTH} printable ASCII characters ({@link #problem})
 * @param fingerprint 64 lowercase hex digits
 */
public record IdempotencyKey(String key, String fingerprint) {
  /** The HTTP request header. */
  public static final String HTTP_HEADER = "Idempotency-Key";
  /** The HTTP response header of a replayed response, {@code true}. */
  public static final String REPLAYED_HTTP_HEADER = "Idempotent-Replayed";
  public static final int MAX_LENGTH = 255;
  public static final String KEY_HEADER = "x-orderly-idempotency-key";
  public static final String FINGERPRINT_HEADER = "x-orderly-idempotency-fingerprint";
  /** On a reply: it is the stored reply of the first request under the key, and nothing was written. */
  public static final String REPLAYED_HEADER = "x-orderly-idempotent-replayed";

  public IdempotencyKey {
    String problem = problem(key);
    if (problem != null) throw new IllegalArgumentException(problem);
    if (fingerprint == null || !fingerprint.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("a fingerprint is 64 hex digits");
  }

  /** Why {@code key} is not a valid key (null, empty, too long, a character outside 0x20–0x7E), or null when it is one. */
  public static String problem(String key) {
    if (key == null || key.isEmpty()) return "An Idempotency-Key must not be empty.";
    if (key.length() > MAX_LENGTH) return "An Idempotency-Key has at most " + MAX_LENGTH + " characters.";
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7E) return "An Idempotency-Key has printable ASCII characters only.";
    }
    return null;
  }

  /**
   * The same key with a fingerprint that covers {@code parts} too: what only the service sees, such as the
   * SHA-256 of an uploaded file that the gateway streamed through without reading.
   */
  public IdempotencyKey refined(String... parts) {
    StringBuilder text = new StringBuilder(fingerprint);
    for (String part : parts) text.append('\n').append(part == null ? "" : part.replace("\\", "\\\\").replace("\n", "\\n"));
    return new IdempotencyKey(key, Hashes.sha256Hex(text.toString()));
  }

  void addTo(DeliveryOptions options) {
    options.addHeader(KEY_HEADER, key).addHeader(FINGERPRINT_HEADER, fingerprint);
  }

  /** The key a request's headers carry; null when there is none, or it is malformed. */
  static IdempotencyKey fromHeaders(MultiMap headers) {
    String key = headers.get(KEY_HEADER);
    String fingerprint = headers.get(FINGERPRINT_HEADER);
    if (key == null || fingerprint == null || problem(key) != null || !fingerprint.matches("[0-9a-f]{64}")) return null;
    return new IdempotencyKey(key, fingerprint);
  }
}
