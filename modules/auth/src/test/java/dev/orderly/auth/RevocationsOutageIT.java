package dev.orderly.auth;

import static dev.orderly.auth.AuthNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.auth.AuthNode.Result;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.Revocation;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TcpProxy;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The denylist's Redis behind a relay the test cuts or hangs: revocations go to the database meanwhile, and back to Redis. */
@Timeout(90)
class RevocationsOutageIT {
  /** Shorter than the bus timeout of {@link #auth}, so a revocation that waits for Redis past it fails the test. */
  private static final String REDIS_TIMEOUT_MS = "500";
  private Vertx relayVertx;
  private TcpProxy relay;
  private AuthNode node;
  /** A client that gives up after 3 s: well past REDIS_TIMEOUT_MS, well within the node's own bus timeout. */
  private AuthClient auth;
  private RedisAPI direct;

  @BeforeEach
  void start(@TempDir Path dir) {
    TestServices.assumeRedis();
    relayVertx = Vertx.vertx();
    URI redis = URI.create(TestServices.REDIS_URL);
    relay = new TcpProxy(relayVertx, redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort(), TestServices.freePort());
    relay.restore();
    node = AuthNode.start(Db.SQLITE, dir, AuthNode.FAST_ITERATIONS, new JsonObject().put("REDIS_URL", "redis://127.0.0.1:" + relay.port())
        .put("REDIS_TIMEOUT_MS", REDIS_TIMEOUT_MS).put("REDIS_RETRY_INTERVAL_MS", "100"));
    auth = new AuthClient(node.vertx, 3_000);
    direct = RedisAPI.api(Redis.createClient(node.vertx, TestServices.REDIS_URL));
  }

  @AfterEach
  void stop() {
    if (relayVertx == null) return;
    try {
      if (direct != null) direct.close();
      if (node != null) node.close();
    } finally {
      relay.close();
      relayVertx.close().await();
    }
  }

  private long user() {
    return node.user(new JsonObject().put("username", "u" + System.nanoTime()).put("password", "tr1cky-Passw0rd")).getLong("id");
  }

  private Response inRedis(String jti) {
    return direct.get(Revocations.REDIS_PREFIX + jti).await();
  }

  private long inDatabase(String jti) {
    return node.sql.preparedQuery("SELECT COUNT(*) FROM auth_revoked_tokens WHERE jti = ?").execute(io.vertx.sqlclient.Tuple.of(jti))
        .await().iterator().next().getLong(0);
  }

  @Test
  void aHungRedisDelaysARevocationByTheRedisTimeoutOnlyAndRedisIsUsedAgainWhenItAnswers() {
    long id = user();
    long exp = Instant.now().getEpochSecond() + 120;
    String before = "before-" + System.nanoTime();
    assertThat(await(auth.revoke(new Revocation(before, exp), node.callerOf(id))).status()).isEqualTo(200);
    assertThat(inRedis(before)).as("kept in Redis while it answers").isNotNull();

    relay.blackHole();
    String during = "during-" + System.nanoTime();
    Result hung = await(auth.revoke(new Revocation(during, exp), node.callerOf(id)));
    assertThat(hung.status()).as("answered within the client's 3 s, not left to the bus timeout: %s", hung.body()).isEqualTo(200);
    assertThat(inDatabase(during)).as("kept in the database instead").isEqualTo(1);
    JsonObject listed = await(auth.revoked(node.anonymous())).body();
    assertThat(listed.getBoolean("complete")).as("what only Redis holds cannot be listed now").isFalse();
    assertThat(listed.getJsonArray("revoked")).contains(new JsonObject().put("jti", during).put("exp", exp));

    relay.restore();
    String after = "after-" + System.nanoTime();
    Eventually.within(Duration.ofSeconds(5), () -> {
      assertThat(await(auth.revoke(new Revocation(after, exp), node.callerOf(id))).status()).isEqualTo(200);
      assertThat(inRedis(after)).as("a revocation after Redis returned is in Redis").isNotNull();
      return null;
    });
    JsonObject whole = await(auth.revoked(node.anonymous())).body();
    assertThat(whole.getBoolean("complete")).isTrue();
    assertThat(whole.getJsonArray("revoked")).contains(new JsonObject().put("jti", before).put("exp", exp),
        new JsonObject().put("jti", during).put("exp", exp), new JsonObject().put("jti", after).put("exp", exp));
    direct.del(List.of(Revocations.REDIS_PREFIX + before, Revocations.REDIS_PREFIX + after)).await();
  }
}
