package dev.orderly.cache;

import static dev.orderly.cache.CacheFixture.CONTEXT;
import static dev.orderly.cache.CacheFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.redis.RedisFailover;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TcpProxy;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Redis behind a TCP relay that the test cuts and restores: the service degrades to memory and comes back. */
@Timeout(60)
class RedisOutageIT {
  private Vertx vertx;
  private TcpProxy relay;
  private ListAppender<ILoggingEvent> warnings;
  private String prefix;
  private CacheClient cache;

  @BeforeEach
  void start() {
    TestServices.assumeRedis();
    vertx = Vertx.vertx();
    URI redis = URI.create(TestServices.REDIS_URL);
    relay = new TcpProxy(vertx, redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort(), TestServices.freePort());
    relay.restore();
    warnings = new ListAppender<>();
    warnings.start();
    ((Logger) LoggerFactory.getLogger(RedisFailover.class)).addAppender(warnings);
    prefix = TestServices.newCachePrefix();
    cache = CacheFixture.deploy(vertx, new JsonObject().put("REDIS_URL", "redis://127.0.0.1:" + relay.port())
        .put("CACHE_KEY_PREFIX", prefix).put("REDIS_TIMEOUT_MS", "500").put("REDIS_RETRY_INTERVAL_MS", "100"));
  }

  @AfterEach
  void stop() {
    if (vertx == null) return;
    ((Logger) LoggerFactory.getLogger(RedisFailover.class)).detachAppender(warnings);
    relay.close();
    vertx.close().await();
  }

  @Test
  void servesFromMemoryWhileRedisIsDownSaysSoAndGoesBackToRedis() {
    Check check = new Check("anon", UUID.randomUUID().toString(), 1000, 3600);
    String historyKey = prefix + "t:anon:" + check.key();
    assertThat(await(cache.throttle(List.of(check), CONTEXT)).allowed()).isTrue();
    assertThat(CacheFixture.redis(vertx, Command.ZCARD, historyKey).toInteger()).isEqualTo(1);
    assertThat(await(cache.status(CONTEXT)).status()).isEqualTo(CacheClient.UP);
    String generation = await(cache.lookup("suppliers", "q", CONTEXT)).generation();
    await(cache.store("suppliers", generation, "q", "cached before the outage", 300, CONTEXT));

    relay.cut();
    for (int i = 0; i < 5; i++) {
      assertThat(await(cache.throttle(List.of(check), CONTEXT)).allowed()).as("counted in memory").isTrue();
    }
    CacheClient.Lookup during = await(cache.lookup("suppliers", "q", CONTEXT));
    assertThat(during.value()).as("memory starts empty").isNull();
    assertThat(await(cache.store("suppliers", during.generation(), "q", "cached during the outage", 300, CONTEXT))).isTrue();
    assertThat(await(cache.lookup("suppliers", "q", CONTEXT)).value()).isEqualTo("cached during the outage");
    CacheClient.Status status = await(cache.status(CONTEXT));
    assertThat(status.status()).isEqualTo(CacheClient.DEGRADED);
    assertThat(status.backend()).isEqualTo("memory");
    assertThat(status.detail()).contains("nodes x rate");
    assertThat(warnings.list.stream().filter(e -> e.getLevel() == Level.WARN)).as("one warning per outage").hasSize(1);
    assertThat(CacheFixture.redis(vertx, Command.ZCARD, historyKey).toInteger()).as("Redis saw none of it").isEqualTo(1);

    relay.restore();
    Eventually.until("Redis is used again", () -> CacheClient.UP.equals(await(cache.status(CONTEXT)).status()));
    assertThat(await(cache.throttle(List.of(check), CONTEXT)).allowed()).isTrue();
    assertThat(CacheFixture.redis(vertx, Command.ZCARD, historyKey).toInteger()).as("counted in Redis again").isEqualTo(2);
    assertThat(await(cache.lookup("suppliers", "q", CONTEXT)).value())
        .as("entries from before the outage may be stale: the new epoch drops them").isNull();
    assertThat(warnings.list.stream().filter(e -> e.getLevel() == Level.WARN)).hasSize(1);
  }

  @Test
  void aRedisThatStopsAnsweringCountsAsDownAfterTheTimeout() {
    Check check = new Check("anon", UUID.randomUUID().toString(), 1000, 3600);
    assertThat(await(cache.throttle(List.of(check), CONTEXT)).allowed()).isTrue();
    relay.blackHole();
    assertThat(await(cache.throttle(List.of(check), CONTEXT)).allowed()).as("served from memory after REDIS_TIMEOUT_MS").isTrue();
    assertThat(await(cache.status(CONTEXT)).status()).isEqualTo(CacheClient.DEGRADED);
  }

  @Test
  void aServiceStartedWhileRedisIsDownStartsOnMemory() {
    relay.cut();
    Vertx other = Vertx.vertx();
    try {
      CacheClient late = CacheFixture.deploy(other, new JsonObject().put("REDIS_URL", "redis://127.0.0.1:" + relay.port())
          .put("CACHE_KEY_PREFIX", prefix).put("REDIS_TIMEOUT_MS", "500").put("REDIS_RETRY_INTERVAL_MS", "100"));
      assertThat(await(late.status(CONTEXT)).status()).isEqualTo(CacheClient.DEGRADED);
      assertThat(await(late.throttle(List.of(new Check("anon", "x", 1, 60)), CONTEXT)).allowed()).isTrue();
    } finally {
      other.close().await();
    }
  }
}
