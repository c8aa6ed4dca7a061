package dev.orderly.core.bus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the caller header so that a service trusts only callers the gateway (or the node itself)
 * authenticated: HMAC-SHA256 over the header value, in the {@value #SIGNATURE_HEADER} header, with a key
 * derived from {@code SECRET_KEY}. Every node of a cluster shares that key; nobody else has it. Every request a
 * node sends carries a signed caller header, the anonymous caller's included, so a request without one (or
 * whose signature does not verify) is not from this deployment: {@link Consumers#register} drops it. The same
 * key signs published events ({@link BusEvents}).
 */
public final class CallerSigning {
  public static final String SIGNATURE_HEADER = "x-orderly-caller-signature";
  /** Trusts nobody: every caller it checks is anonymous. */
  public static final CallerSigning NONE = new CallerSigning(null);

  private static final String PURPOSE = "orderly.bus.caller";
  private final byte[] key;

  private CallerSigning(byte[] key) {
    this.key = key;
  }

  /**
   * The signing of a node whose {@code SECRET_KEY} is {@code secretKey}; an empty key trusts nobody. Built once
   * per key, so that every verticle of a node shares one cache of signatures.
   */
  public static CallerSigning fromSecret(String secretKey) {
    if (secretKey == null || secretKey.isEmpty()) return NONE;
    return BY_SECRET.computeIfAbsent(secretKey, secret -> new CallerSigning(derive(secret, PURPOSE)));
  }

  // a node has one key (tests a few): never more than a handful of entries
  private static final Map<String, CallerSigning> BY_SECRET = new ConcurrentHashMap<>();

  /** A key for one purpose, derived from the secret: HMAC-SHA256(secret, purpose). */
  public static byte[] derive(String secret, String purpose) {
    return hmac(secret.getBytes(StandardCharsets.UTF_8), purpose.getBytes(StandardCharsets.UTF_8));
  }

  public boolean canSign() {
    return key != null;
  }

  /** The signature of {@code value}, base64url; only when {@link #canSign()}. */
  public String sign(String value) {
    if (key == null) throw new IllegalStateException("no SECRET_KEY to sign callers with");
    // a node sees few distinct callers: each is signed once, then looked up
    return signatures.get(value, v -> Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, v.getBytes(StandardCharsets.UTF_8))));
  }

  /** Whether {@code signature} is this node's signature of {@code value}, compared in constant time. */
  public boolean verify(String value, String signature) {
    if (key == null || value == null || signature == null) return false;
    byte[] expected = sign(value).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether {@code headers} carry a caller header with this node's signature. */
  public boolean verifies(MultiMap headers) {
    return verify(headers.get(RequestContext.CALLER_HEADER), headers.get(SIGNATURE_HEADER));
  }

  /** The signature of a value seen once (an event body): computed, never remembered. */
  String signOnce(String value) {
    if (key == null) throw new IllegalStateException("no SECRET_KEY to sign with");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, value.getBytes(StandardCharsets.UTF_8)));
  }

  /** As {@link #verify} for a value signed by {@link #signOnce}. */
  boolean verifyOnce(String value, String signature) {
    if (key == null || value == null || signature == null) return false;
    return MessageDigest.isEqual(signOnce(value).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
  }

  private static final int MAX_REMEMBERED = 4096;
  private final Cache<String, String> signatures = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
