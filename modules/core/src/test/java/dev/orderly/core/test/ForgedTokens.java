package dev.orderly.core.test;

import dev.orderly.core.security.JwtTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that must never authenticate, each named by the attack it tries: an unsigned or re-labelled
 * algorithm, a broken structure, a signature that is not ours, claims that are missing, expired, of another
 * issuer, audience or type, and a forged HS256 signature keyed with the public key of an RS256 node.
 * Every one is built from a good token of {@code issuer} for a real user, so only the attack makes it bad.
 */
public final class ForgedTokens {
  /** One forged token and the attack it stands for. */
  public record Forged(String attack, String token) {
    @Override
    public String toString() {
      return attack;
    }
  }

  /** The attacks a token check alone cannot see: the token is good, its user is not (the gateway looks it up). */
  public static final java.util.Set<String> REFUSED_BY_THE_NODE = java.util.Set.of("sub of no user");

  /** The attack whose token is larger than HTTP servers take in a header (Vert.x: 8 KiB by default). */
  public static final String OVERSIZED = "64 KiB token";

  private ForgedTokens() {}

  /**
   * Forged access tokens for user {@code userId} against a node whose tokens {@code issuer} signs;
   * {@code stranger} signs with another key of the same algorithm.
   */
  public static List<Forged> against(JwtTokens issuer, JwtTokens stranger, long userId, String username) {
    long now = Instant.now().getEpochSecond();
    JsonObject good = claims(issuer, userId, username, now);
    String real = issuer.sign(good);
    String[] parts = real.split("\\.");
    String alg = issuer.config().algorithm();
    List<Forged> out = new ArrayList<>();
    for (String none : new String[] {"none", "None", "NONE", "nOnE"}) {
      out.add(new Forged("alg " + none, b64(header(none)) + "." + parts[1] + "."));
    }
    out.add(new Forged("alg none keeping the signature", b64(header("none")) + "." + parts[1] + "." + parts[2]));
    out.add(new Forged("alg relabelled " + (alg.equals("HS256") ? "HS512" : "HS256"),
        b64(header(alg.equals("HS256") ? "HS512" : "HS256")) + "." + parts[1] + "." + parts[2]));
    out.add(new Forged("four segments", real + "." + parts[2]));
    out.add(new Forged("two segments", parts[0] + "." + parts[1]));
    out.add(new Forged("not base64", "!!!." + parts[1] + ".@@@"));
    out.add(new Forged("header not JSON", b64("alg=" + alg) + "." + parts[1] + "." + parts[2]));
    out.add(new Forged("claims a JSON array", parts[0] + "." + b64("[1, 2]") + "." + parts[2]));
    out.add(new Forged("bit-flipped signature", parts[0] + "." + parts[1] + "." + flipped(parts[2])));
    out.add(new Forged("claims changed under the signature", parts[0] + "." + b64(good.copy().put("sub", "999").encode()) + "." + parts[2]));
    out.add(new Forged("signed with another key", stranger.sign(good)));
    out.add(new Forged("unknown kid", issuer.sign(new JsonObject().put("kid", "no-such-key"), good)));
    // the signer's own key named in the header, for a verifier that trusts what the token says
    out.add(new Forged("embedded jwk of the signer", stranger.sign(new JsonObject().put("jwk", new JsonObject().put("kty", "oct")
        .put("k", "c3RyYW5nZXI")), good)));
    out.add(new Forged("x5c of the signer", stranger.sign(new JsonObject().put("x5c", new JsonArray().add("MIIB")), good)));
    out.add(new Forged("jku of the signer", stranger.sign(new JsonObject().put("jku", "https://attacker.example/keys"), good)));
    out.add(new Forged("non-numeric exp", issuer.sign(good.copy().put("exp", String.valueOf(now + 600)))));
    out.add(new Forged("expired", issuer.sign(good.copy().put("exp", now - 3600))));
    out.add(new Forged("not valid before an hour from now", issuer.sign(good.copy().put("nbf", now + 3600))));
    out.add(new Forged("another issuer", issuer.sign(good.copy().put("iss", "someone-else"))));
    out.add(new Forged("another audience", issuer.sign(good.copy().put("aud", "other-api"))));
    out.add(new Forged("audience list without ours", issuer.sign(good.copy().put("aud", new JsonArray().add("a").add("b")))));
    for (String claim : new String[] {"exp", "jti", "sub", "iss", "aud", JwtTokens.TYPE}) {
      JsonObject without = good.copy();
      without.remove(claim);
      out.add(new Forged("no " + claim, issuer.sign(without)));
    }
    out.add(new Forged("a session token as bearer", issuer.sign(good.copy().put(JwtTokens.TYPE, JwtTokens.SESSION))));
    out.add(new Forged("type refresh", issuer.sign(good.copy().put(JwtTokens.TYPE, "refresh"))));
    out.add(new Forged("non-numeric sub", issuer.sign(good.copy().put("sub", "admin"))));
    out.add(new Forged("sub of no user", issuer.sign(good.copy().put("sub", "987654321"))));
    // a claim padded under the signature: the 6 KiB one fits a server's 8 KiB of headers, the 64 KiB one does not
    out.add(new Forged("6 KiB token", parts[0] + "." + b64(good.copy().put("pad", "x".repeat(4 * 1024)).encode()) + "." + parts[2]));
    out.add(new Forged(OVERSIZED, parts[0] + "." + b64(good.copy().put("pad", "x".repeat(48 * 1024)).encode()) + "." + parts[2]));
    return out;
  }

  /**
   * The classic confusion attack on an RS256 or ES256 node: a token that says HS256, keyed with the node's own
   * public key (the PEM text, and its DER bytes), which anyone can read.
   */
  public static List<Forged> hmacWithPublicKey(JwtTokens issuer, String publicKeyPem, long userId, String username) {
    JsonObject good = claims(issuer, userId, username, Instant.now().getEpochSecond());
    String signing = b64(header("HS256")) + "." + b64(good.encode());
    byte[] der = Base64.getMimeDecoder().decode(publicKeyPem.replaceAll("-----[A-Z ]+-----", ""));
    return List.of(
        new Forged("HS256 keyed with the public key PEM", signing + "." + hmac(publicKeyPem.getBytes(StandardCharsets.US_ASCII), signing)),
        new Forged("HS256 keyed with the public key DER", signing + "." + hmac(der, signing)));
  }

  /** A good access token's claims (as the auth service issues them), for {@link JwtTokens#sign}. */
  public static JsonObject claims(JwtTokens issuer, long userId, String username, long now) {
    return new JsonObject().put("sub", String.valueOf(userId)).put("username", username).put(JwtTokens.TYPE, JwtTokens.ACCESS)
        .put("jti", JwtTokens.newId()).put("iat", now).put("exp", now + 600)
        .put("iss", issuer.config().issuer()).put("aud", issuer.config().audience());
  }

  private static String header(String alg) {
    return new JsonObject().put("alg", alg).put("typ", "JWT").encode();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The signature with its first bit inverted. */
  private static String flipped(String signature) {
    byte[] bytes = Base64.getUrlDecoder().decode(signature);
    bytes[0] ^= 0x01;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hmac(byte[] key, String signing) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signing.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
