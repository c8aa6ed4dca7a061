package dev.orderly.core.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.config.ConfigException;
import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Signs and checks Orderly's JWTs with {@code vertx-auth-jwt}: HS256 keyed from {@code SECRET_KEY} by
 * default, or RS256/ES256 from PEM files ({@code JWT_ALGORITHM}, {@code JWT_PRIVATE_KEY_FILE},
 * {@code JWT_PUBLIC_KEY_FILE}). A token is accepted only when its header names the configured algorithm
 * (never {@code none}), it names no key ({@code kid}, {@code jwk}, {@code jku}, {@code x5*}: none is issued), its
 * signature verifies, and it has {@code exp} (not past, with at most
 * {@value #LEEWAY_SECONDS} s of leeway), {@code iss} and {@code aud} as configured, {@code sub}, {@code jti}
 * and the expected {@value #TYPE} claim ({@value #ACCESS} or {@value #SESSION}).
 */
public final class JwtTokens {
  public static final String TYPE = "typ";
  public static final String ACCESS = "access";
  public static final String SESSION = "session";
  /**
   * The claim of the user's password generation when the token was issued (absent: 0); a gateway refuses a
   * token whose generation is not the user's current one, i.e. one issued before the last password change.
   */
  public static final String PASSWORD_GENERATION = "pwd_gen";
  public static final int LEEWAY_SECONDS = 5;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** JOSE header parameters that name or carry a key (RFC 7515, 4.1). */
  private static final List<String> KEY_HEADERS = List.of("kid", "jwk", "jku", "x5c", "x5u", "x5t", "x5t#S256");

  private final JWTAuth jwt;
  private final Settings.Jwt config;
  private final boolean canIssue;

  private JwtTokens(JWTAuth jwt, Settings.Jwt config, boolean canIssue) {
    this.jwt = jwt;
    this.config = config;
    this.canIssue = canIssue;
  }

  /** The tokens of a node; fails with a {@link ConfigException} when there is no key to use. */
  public static Future<JwtTokens> create(Vertx vertx, Settings settings) {
    Settings.Jwt cfg = settings.jwt();
    JWTOptions options = new JWTOptions().setAlgorithm(cfg.algorithm()).setLeeway(LEEWAY_SECONDS)
        .setIssuer(cfg.issuer()).setAudience(List.of(cfg.audience()));
    JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(options);
    if (cfg.algorithm().equals("HS256")) {
      if (settings.secretKey().isEmpty()) {
        return Future.failedFuture(new ConfigException("SECRET_KEY", "empty: tokens cannot be signed (set SECRET_KEY, or run with DEBUG=true to generate one)"));
      }
      String key = Base64.getUrlEncoder().withoutPadding().encodeToString(CallerSigning.derive(settings.secretKey(), "orderly.jwt"));
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(key));
      return Future.succeededFuture(new JwtTokens(JWTAuth.create(vertx, auth), cfg, true));
    }
    Future<Buffer> pub = read(vertx, "JWT_PUBLIC_KEY_FILE", cfg.publicKeyFile());
    Future<Buffer> priv = cfg.privateKeyFile() == null ? Future.succeededFuture() : read(vertx, "JWT_PRIVATE_KEY_FILE", cfg.privateKeyFile());
    return Future.all(pub, priv).compose(both -> {
      try {
        auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm(cfg.algorithm()).setBuffer(pub.result().toString(StandardCharsets.US_ASCII)));
        if (priv.result() != null) {
          auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm(cfg.algorithm()).setBuffer(priv.result().toString(StandardCharsets.US_ASCII)));
        }
        return Future.succeededFuture(new JwtTokens(JWTAuth.create(vertx, auth), cfg, priv.result() != null));
      } catch (RuntimeException e) {
        return Future.failedFuture(new ConfigException("JWT_PUBLIC_KEY_FILE", "not a usable " + cfg.algorithm() + " PEM key pair: " + e.getMessage()));
      }
    });
  }

  private static Future<Buffer> read(Vertx vertx, String key, java.nio.file.Path file) {
    return vertx.fileSystem().readFile(file.toString())
        .recover(e -> Future.failedFuture(new ConfigException(key, "cannot read " + file.toAbsolutePath())));
  }

  public Settings.Jwt config() {
    return config;
  }

  /** Whether this node holds a key that signs (HS256, or the private key of RS256/ES256). */
  public boolean canIssue() {
    return canIssue;
  }

  /**
   * A signed token with {@code claims} plus {@code iat}, {@code exp} (now + {@code lifetimeSeconds}),
   * {@code jti} (unless given), {@code iss} and {@code aud}.
   */
  public String issue(JsonObject claims, long lifetimeSeconds) {
    long now = Instant.now().getEpochSecond();
    JsonObject all = claims.copy().put("iat", now).put("exp", now + lifetimeSeconds)
        .put("iss", config.issuer()).put("aud", config.audience());
    if (!all.containsKey("jti")) all.put("jti", newId());
    return sign(all);
  }

  /** Signs {@code claims} exactly as given (tests use it to make expired or incomplete tokens). */
  public String sign(JsonObject claims) {
    return sign(new JsonObject(), claims);
  }

  /** As {@link #sign(JsonObject)}, with {@code header} entries besides {@code typ} and {@code alg} (tests: a forged {@code kid}). */
  public String sign(JsonObject header, JsonObject claims) {
    if (!canIssue) throw new IllegalStateException("this node has no key to sign tokens with (JWT_PRIVATE_KEY_FILE)");
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(config.algorithm()).setNoTimestamp(true).setHeader(header));
  }

  /** The claims of a valid token of type {@code type}; else a failed future with a {@link InvalidToken}. */
  public Future<JsonObject> verify(String token, String type) {
    // a token verified once stays valid until its exp: later requests skip the signature and claim checks
    Verified known = verified.getIfPresent(token);
    if (known != null && known.type().equals(type)) return Future.succeededFuture(known.claims().copy());
    return check(token, type).onSuccess(claims -> verified.put(token, new Verified(type, claims.getLong("exp"), claims.copy())));
  }

  private record Verified(String type, long exp, JsonObject claims) {
    /** Until the token would be refused: its exp plus the leeway. */
    Duration lifetime() {
      return Duration.ofSeconds(Math.max(0, exp + LEEWAY_SECONDS - Instant.now().getEpochSecond()));
    }
  }

  /** The password generation a token was issued under: its {@value #PASSWORD_GENERATION} claim, 0 without one. */
  public static long passwordGeneration(JsonObject claims) {
    return claims.getValue(PASSWORD_GENERATION) instanceof Number n ? n.longValue() : 0L;
  }

  private static final int MAX_REMEMBERED = 10_000;
  private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED)
      .expireAfter(Expiry.<String, Verified>writing((token, v) -> v.lifetime())).build();

  private Future<JsonObject> check(String token, String type) {
    JsonObject header;
    JsonObject claims;
    try {
      String[] parts = token.split("\\.", -1);
      if (parts.length != 3 || parts[2].isEmpty()) throw new InvalidToken("Token is malformed or unsigned.");
      header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (InvalidToken e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(new InvalidToken("Token is malformed."));
    }
    if (!config.algorithm().equals(header.getValue("alg"))) return Future.failedFuture(new InvalidToken("Token algorithm is not accepted."));
    // tokens issued here name no key; one that does was not, and no verifier should go looking for the key it names
    for (String named : KEY_HEADERS) {
      if (header.containsKey(named)) return Future.failedFuture(new InvalidToken("Token names a key that is not accepted."));
    }
    // JWTAuth checks exp (with the leeway), iss and aud as the JWTOptions say, but accepts a token without exp
    if (!(claims.getValue("exp") instanceof Number)) return Future.failedFuture(new InvalidToken("Token has no expiry."));
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new InvalidToken("Token is invalid or expired.")))
        .compose(user -> {
          if (!type.equals(claims.getValue(TYPE))) return Future.failedFuture(new InvalidToken("Token has the wrong type."));
          if (claims.getString("jti") == null || claims.getString("sub") == null) {
            return Future.failedFuture(new InvalidToken("Token is incomplete."));
          }
          try {
            Long.parseLong(claims.getString("sub"));
          } catch (NumberFormatException | ClassCastException e) {
            return Future.failedFuture(new InvalidToken("Token is incomplete."));
          }
          return Future.succeededFuture(claims);
        });
  }

  /** 32 random bytes, base64url: refresh tokens, CSRF tokens, token ids. */
  public static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A token that is not acceptable; the message is safe to show a client. */
  public static final class InvalidToken extends RuntimeException {
    public InvalidToken(String message) {
      super(message, null, false, false);
    }
  }
}
