package dev.orderly.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.config.ConfigException;
import dev.orderly.core.config.Settings;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.ForgedTokens;
import dev.orderly.core.test.TestServices;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTokensTest {
  @RegisterExtension
  final TestVertx node = new TestVertx();

  private JwtTokens tokens(JsonObject overrides) {
    return JwtTokens.create(node.vertx(), node.settings(TestServices.production().mergeIn(overrides))).await();
  }

  private static JsonObject claims() {
    return new JsonObject().put("sub", "7").put("username", "u").put(JwtTokens.TYPE, JwtTokens.ACCESS);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(JwtTokens tokens, String token, String type) {
    assertThatThrownBy(() -> tokens.verify(token, type).await()).isInstanceOf(JwtTokens.InvalidToken.class);
  }

  @Test
  void hs256TokensCarryEveryClaimAndVerify() {
    JwtTokens tokens = tokens(new JsonObject());
    String token = tokens.issue(claims(), 900);
    JsonObject verified = tokens.verify(token, JwtTokens.ACCESS).await();
    assertThat(verified.getString("sub")).isEqualTo("7");
    assertThat(verified.getString("iss")).isEqualTo("orderly");
    assertThat(verified.getString("aud")).isEqualTo("orderly-api");
    assertThat(verified.getLong("exp") - verified.getLong("iat")).isEqualTo(900);
    assertThat(verified.getString("jti")).hasSize(43);
    assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)).contains("\"HS256\"");
    refused(tokens, token, JwtTokens.SESSION);
  }

  @Test
  void aTokenVerifiedOnceIsStillCheckedForItsTypeAndATamperedCopyIsNot() {
    JwtTokens tokens = tokens(new JsonObject());
    String token = tokens.issue(claims(), 900);
    JsonObject first = tokens.verify(token, JwtTokens.ACCESS).await();
    assertThat(tokens.verify(token, JwtTokens.ACCESS).await()).isEqualTo(first);
    assertThatThrownBy(() -> tokens.verify(token, JwtTokens.SESSION).await()).isInstanceOf(JwtTokens.InvalidToken.class);
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims().put("sub", "999").encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThatThrownBy(() -> tokens.verify(tampered, JwtTokens.ACCESS).await()).isInstanceOf(JwtTokens.InvalidToken.class);
  }

  @Test
  void aVerifiedTokenIsRememberedOnlyUntilItExpires() {
    JwtTokens tokens = tokens(new JsonObject());
    long now = Instant.now().getEpochSecond();
    // past its exp, within the leeway for about one more second
    String token = tokens.sign(claims().put("jti", "j").put("iss", "orderly").put("aud", "orderly-api")
        .put("exp", now - JwtTokens.LEEWAY_SECONDS + 1));
    assertThat(tokens.verify(token, JwtTokens.ACCESS).await()).isNotNull();
    Eventually.until("the remembered token expires", Duration.ofSeconds(5), () -> {
      try {
        tokens.verify(token, JwtTokens.ACCESS).await();
        return false;
      } catch (JwtTokens.InvalidToken expired) {
        return true;
      }
    });
  }

  @Test
  void everyAttackIsRefused() {
    JwtTokens tokens = tokens(new JsonObject());
    long now = Instant.now().getEpochSecond();
    JsonObject full = claims().put("jti", "j").put("iat", now).put("exp", now + 600).put("iss", "orderly").put("aud", "orderly-api");
    String good = tokens.sign(full);
    String[] parts = good.split("\\.");
    assertThat(tokens.verify(good, JwtTokens.ACCESS).await()).isNotNull();

    refused(tokens, b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".", JwtTokens.ACCESS);
    refused(tokens, tokens(new JsonObject().put("SECRET_KEY", TestServices.SECRET + "-other")).sign(full), JwtTokens.ACCESS);
    refused(tokens, b64("{\"alg\":\"HS384\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2], JwtTokens.ACCESS);
    refused(tokens, parts[0] + "." + b64(full.copy().put("sub", "1").encode()) + "." + parts[2], JwtTokens.ACCESS);
    refused(tokens, tokens.sign(full.copy().put("exp", now - 6)), JwtTokens.ACCESS);
    refused(tokens, tokens.sign(full.copy().put("iss", "other")), JwtTokens.ACCESS);
    refused(tokens, tokens.sign(full.copy().put("aud", "other")), JwtTokens.ACCESS);
    refused(tokens, tokens.sign(full.copy().put("aud", new JsonArray().add("other").add("another"))), JwtTokens.ACCESS);
    assertThat(tokens.verify(tokens.sign(full.copy().put("jti", "k").put("aud", new JsonArray().add("other").add("orderly-api"))),
        JwtTokens.ACCESS).await()).as("an audience list that names ours").isNotNull();
    for (String claim : new String[] {"iss", "aud"}) {
      JsonObject without = full.copy();
      without.remove(claim);
      refused(tokens, tokens.sign(without), JwtTokens.ACCESS);
    }
    JsonObject noExp = full.copy();
    noExp.remove("exp");
    refused(tokens, tokens.sign(noExp), JwtTokens.ACCESS);
    JsonObject noJti = full.copy();
    noJti.remove("jti");
    refused(tokens, tokens.sign(noJti), JwtTokens.ACCESS);
    refused(tokens, "", JwtTokens.ACCESS);
    // within the leeway an expired token still passes
    assertThat(tokens.verify(tokens.sign(full.copy().put("exp", now - 2)), JwtTokens.ACCESS).await()).isNotNull();
  }

  @Test
  void everyForgedTokenIsRefused() {
    JwtTokens tokens = tokens(new JsonObject());
    JwtTokens stranger = tokens(new JsonObject().put("SECRET_KEY", TestServices.SECRET + "-stranger"));
    List<ForgedTokens.Forged> forged = ForgedTokens.against(tokens, stranger, 7, "u");
    assertThat(forged).hasSizeGreaterThanOrEqualTo(18);
    List<String> accepted = new java.util.ArrayList<>();
    for (ForgedTokens.Forged f : forged) {
      if (ForgedTokens.REFUSED_BY_THE_NODE.contains(f.attack())) continue;
      try {
        tokens.verify(f.token(), JwtTokens.ACCESS).await();
        accepted.add(f.attack());
      } catch (JwtTokens.InvalidToken refused) {
        // as it must be
      }
    }
    assertThat(accepted).as("forged tokens accepted").isEmpty();
    assertThat(tokens.verify(tokens.sign(ForgedTokens.claims(tokens, 7, "u", Instant.now().getEpochSecond())), JwtTokens.ACCESS).await())
        .as("the good token they are made from").isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256"})
  void keyPairsFromPemFilesSignAndAPublicKeyAloneOnlyVerifies(String algorithm, @TempDir Path dir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.equals("RS256") ? "RSA" : "EC");
    if (algorithm.equals("RS256")) generator.initialize(2048);
    else generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Path priv = Files.writeString(dir.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Path pub = Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));

    JwtTokens issuer = tokens(new JsonObject().put("JWT_ALGORITHM", algorithm).put("JWT_PRIVATE_KEY_FILE", priv.toString())
        .put("JWT_PUBLIC_KEY_FILE", pub.toString()));
    JwtTokens verifier = tokens(new JsonObject().put("JWT_ALGORITHM", algorithm).put("JWT_PUBLIC_KEY_FILE", pub.toString()));
    String token = issuer.issue(claims(), 60);

    assertThat(verifier.verify(token, JwtTokens.ACCESS).await().getString("sub")).isEqualTo("7");
    assertThat(verifier.canIssue()).isFalse();
    refused(verifier, tokens(new JsonObject()).issue(claims(), 60), JwtTokens.ACCESS);
    for (ForgedTokens.Forged f : ForgedTokens.hmacWithPublicKey(issuer, Files.readString(pub), 7, "u")) {
      assertThatThrownBy(() -> verifier.verify(f.token(), JwtTokens.ACCESS).await()).as(f.attack()).isInstanceOf(JwtTokens.InvalidToken.class);
    }
  }

  @Test
  void aMissingKeyIsAConfigurationError(@TempDir Path dir) {
    Settings debug = node.settings(new JsonObject().put("DEBUG", "true").put("SECRET_KEY", ""));
    assertThatThrownBy(() -> JwtTokens.create(node.vertx(), debug).await()).isInstanceOf(ConfigException.class).hasMessageStartingWith("SECRET_KEY:");
    assertThatThrownBy(() -> node.settings(new JsonObject().put("DEBUG", "true").put("JWT_ALGORITHM", "RS256")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWT_PUBLIC_KEY_FILE:");
    assertThatThrownBy(() -> node.settings(new JsonObject().put("DEBUG", "true").put("JWT_ALGORITHM", "none")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWT_ALGORITHM:");
    assertThatThrownBy(() -> tokens(new JsonObject().put("JWT_ALGORITHM", "ES256").put("JWT_PUBLIC_KEY_FILE", dir.resolve("none.pem").toString())))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("JWT_PUBLIC_KEY_FILE:");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
