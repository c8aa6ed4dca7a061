package dev.orderly.core.bus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the caller header so that a service trusts only callers the gateway (or the node itself)
 * authenticated: HMAC-SHA256 over the header value, in the {@value #SIGNATURE_HEADER} header, with a key
 * derived from {@code SECRET_KEY}. Every node of a cluster shares that key; nobody else has it.
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

  /** The signing of a node whose {@code SECRET_KEY} is {@code secretKey}; an empty key trusts nobody. */
  public static CallerSigning fromSecret(String secretKey) {
    return secretKey == null || secretKey.isEmpty() ? NONE : new CallerSigning(derive(secretKey, PURPOSE));
  }

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
