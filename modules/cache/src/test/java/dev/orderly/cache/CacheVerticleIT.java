package dev.orderly.cache;

import static dev.orderly.cache.CacheFixture.CONTEXT;
import static dev.orderly.cache.CacheFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Events;
import dev.orderly.core.config.ThrottleRates;
import dev.orderly.core.test.CacheBackend;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The cache service over the event bus, on real Redis and in memory. */
@Timeout(60)
class CacheVerticleIT {
  @RegisterExtension
  final TestVertx node = new TestVertx();

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void aBumpOrAChangeEventDropsEveryEntryOfTheNamespace(CacheBackend backend) {
    CacheClient cache = CacheFixture.deploy(node.vertx(), backend.overrides());
    CacheClient.Lookup miss = await(cache.lookup("suppliers", "page-1", CONTEXT));
    assertThat(miss.value()).isNull();
    assertThat(await(cache.store("suppliers", miss.generation(), "page-1", "{\"count\":1}", 60, CONTEXT))).isTrue();
    assertThat(await(cache.lookup("suppliers", "page-1", CONTEXT))).isEqualTo(new CacheClient.Lookup(miss.generation(), "{\"count\":1}"));

    String bumped = await(cache.bump("suppliers", CONTEXT));
    assertThat(bumped).isNotEqualTo(miss.generation());
    assertThat(await(cache.lookup("suppliers", "page-1", CONTEXT)).value()).isNull();
    assertThat(await(cache.store("suppliers", miss.generation(), "page-1", "stale", 60, CONTEXT)))
        .as("an entry read before the bump is not stored").isFalse();

    await(cache.store("suppliers", bumped, "page-1", "{\"count\":2}", 60, CONTEXT));
    BusEvents.publish(node.vertx(), TestServices.SIGNING, Events.address("suppliers"), new JsonObject().put("type", "updated").put("resource", "suppliers"));
    Eventually.until("the change event on orderly.events.suppliers drops the entry",
        () -> await(cache.lookup("suppliers", "page-1", CONTEXT)).value() == null);
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void aChangeEventNotSignedWithTheDeploymentsKeyDropsNothing(CacheBackend backend) {
    CacheClient cache = CacheFixture.deploy(node.vertx(), backend.overrides());
    for (String namespace : List.of("suppliers", "products")) {
      String generation = await(cache.lookup(namespace, "page-1", CONTEXT)).generation();
      assertThat(await(cache.store(namespace, generation, "page-1", "kept", 60, CONTEXT))).isTrue();
    }
    JsonObject event = new JsonObject().put("type", "updated").put("resource", "suppliers");
    node.vertx().eventBus().publish(Events.address("suppliers"), event);
    BusEvents.publish(node.vertx(), CallerSigning.fromSecret(TestServices.SECRET + "-other"), Events.address("suppliers"), event);
    // published after them on the same bus: once it has dropped products, the two before it were handled
    BusEvents.publish(node.vertx(), TestServices.SIGNING, Events.address("products"), event.copy().put("resource", "products"));
    Eventually.until("the signed event drops products", () -> await(cache.lookup("products", "page-1", CONTEXT)).value() == null);
    assertThat(await(cache.lookup("suppliers", "page-1", CONTEXT)).value()).isEqualTo("kept");
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void everyScopeAllowsExactlyItsRateThenRefusesWithDrfsWait(CacheBackend backend) {
    CacheClient cache = CacheFixture.deploy(node.vertx(), backend.overrides());
    for (String scope : List.of(ThrottleRates.ANON, ThrottleRates.USER, ThrottleRates.APPROVAL, ThrottleRates.EXPORT, ThrottleRates.LOGIN)) {
      Check check = new Check(scope, UUID.randomUUID().toString(), 3, 60);
      for (int i = 1; i <= 3; i++) {
        ThrottleResult allowed = await(cache.throttle(List.of(check), CONTEXT));
        assertThat(allowed.allowed()).as("%s request %d", scope, i).isTrue();
        assertThat(allowed.tightest().remaining()).isEqualTo(3 - i);
        assertThat(allowed.tightest().reset()).isBetween(1L, 60L);
      }
      ThrottleResult refused = await(cache.throttle(List.of(check), CONTEXT));
      assertThat(refused.allowed()).as("%s request 4", scope).isFalse();
      assertThat(refused.waitSeconds()).isGreaterThan(0).isLessThanOrEqualTo(60);
      assertThat(refused.tightest().remaining()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void aRequestRefusedByOneScopeIsCountedInNone(CacheBackend backend) {
    CacheClient cache = CacheFixture.deploy(node.vertx(), backend.overrides());
    String user = UUID.randomUUID().toString();
    Check userScope = new Check("user", user, 10, 3600);
    Check approval = new Check("approval", user, 2, 3600);
    for (int i = 0; i < 2; i++) assertThat(await(cache.throttle(List.of(userScope, approval), CONTEXT)).allowed()).isTrue();
    ThrottleResult refused = await(cache.throttle(List.of(userScope, approval), CONTEXT));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.tightest().scope()).isEqualTo("approval");
    assertThat(await(cache.throttle(List.of(userScope), CONTEXT)).tightest().remaining())
        .as("the user scope counted the two allowed requests only").isEqualTo(7);
  }

  /** From now on, the number of requests in each {@code action} message sent on the event bus. */
  private List<Integer> batchSizes(String action) {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    node.vertx().eventBus().addOutboundInterceptor(delivery -> {
      if (action.equals(delivery.message().headers().get(Actions.HEADER))) {
        sizes.add(((JsonObject) delivery.message().body()).getJsonArray(CacheClient.REQUESTS).size());
      }
      delivery.next();
    });
    return sizes;
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void theThrottleRequestsOfOneEventLoopTurnTravelTogetherAndCountInOrder(CacheBackend backend) {
    CacheClient cache = CacheFixture.deploy(node.vertx(), backend.overrides());
    Check check = new Check("user", "batch-" + UUID.randomUUID(), 3, 60);
    List<Integer> messages = batchSizes(CacheClient.THROTTLE);
    Promise<List<ThrottleResult>> all = Promise.promise();
    node.vertx().getOrCreateContext().runOnContext(v -> {
      List<Future<ThrottleResult>> results = new ArrayList<>();
      for (int i = 0; i < 5; i++) results.add(cache.throttle(List.of(check), CONTEXT));
      Future.all(results).map(f -> f.<ThrottleResult>list()).onComplete(all);
    });
    List<ThrottleResult> results = await(all.future());
    assertThat(messages).as("one message for the five requests").containsExactly(5);
    assertThat(results).extracting(ThrottleResult::allowed).containsExactly(true, true, true, false, false);
    assertThat(results.get(2).tightest().remaining()).isZero();
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void theLookupsOfOneEventLoopTurnTravelTogetherAndAnswerInOrder(CacheBackend backend) {
    CacheClient cache = CacheFixture.deploy(node.vertx(), backend.overrides());
    String generation = await(cache.lookup("products", "a", CONTEXT)).generation();
    await(cache.store("products", generation, "a", "entry a", 60, CONTEXT));
    await(cache.store("products", generation, "c", "entry c", 60, CONTEXT));
    List<Integer> messages = batchSizes(CacheClient.LOOKUP);
    Promise<List<CacheClient.Lookup>> all = Promise.promise();
    node.vertx().getOrCreateContext().runOnContext(v -> Future.all(List.of(cache.lookup("products", "a", CONTEXT),
            cache.lookup("products", "b", CONTEXT), cache.lookup("products", "c", CONTEXT)))
        .map(f -> f.<CacheClient.Lookup>list()).onComplete(all));
    assertThat(await(all.future())).extracting(CacheClient.Lookup::value).containsExactly("entry a", null, "entry c");
    assertThat(messages).as("one message for the three lookups").containsExactly(3);
  }

  @Test
  void scriptsFlushedFromRedisAreSentAgain() {
    CacheClient cache = CacheFixture.deploy(node.vertx(), CacheBackend.REDIS.overrides());
    Check check = new Check("user", "flush-" + UUID.randomUUID(), 10, 60);
    assertThat(await(cache.throttle(List.of(check), CONTEXT)).allowed()).isTrue();
    CacheFixture.redis(node.vertx(), Command.SCRIPT, "FLUSH");
    assertThat(await(cache.throttle(List.of(check), CONTEXT)).tightest().remaining()).as("the batched script, loaded again").isEqualTo(8);
    CacheFixture.redis(node.vertx(), Command.SCRIPT, "FLUSH");
    assertThat(await(cache.lookup("suppliers", "k", CONTEXT)).generation()).as("a single script, sent with EVAL").isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void badRequestsAreRefusedNotLeftToTimeOut(CacheBackend backend) {
    CacheClient cache = CacheFixture.deploy(node.vertx(), backend.overrides());
    assertThatThrownBy(() -> await(cache.throttle(List.of(), CONTEXT)))
        .isInstanceOf(ReplyException.class).extracting(e -> ((ReplyException) e).failureCode()).isEqualTo(400);
    assertThatThrownBy(() -> await(cache.lookup("Not A Table", "k", CONTEXT)))
        .isInstanceOf(ReplyException.class).extracting(e -> ((ReplyException) e).failureCode()).isEqualTo(400);
  }

  @Test
  void onRedisTheCountersLiveInRedisUnderTheKeyPrefix() {
    JsonObject redis = TestServices.redis();
    CacheClient cache = CacheFixture.deploy(node.vertx(), redis);
    String key = UUID.randomUUID().toString();
    await(cache.throttle(List.of(new Check("anon", key, 5, 60)), CONTEXT));
    await(cache.throttle(List.of(new Check("anon", key, 5, 60)), CONTEXT));
    String historyKey = redis.getString("CACHE_KEY_PREFIX") + "t:anon:" + key;
    assertThat(CacheFixture.redis(node.vertx(), Command.ZCARD, historyKey).toInteger()).isEqualTo(2);
    assertThat(CacheFixture.redis(node.vertx(), Command.PTTL, historyKey).toLong()).isBetween(1L, 60_000L);
  }

  @Test
  void twoNodesSharingRedisNeverLetMoreThanTheRateThrough() {
    JsonObject redis = TestServices.redis();
    Vertx other = Vertx.vertx();
    try {
      List<CacheClient> nodes = List.of(CacheFixture.deploy(node.vertx(), redis), CacheFixture.deploy(other, redis));
      Check check = new Check("anon", "203.0.113.7", 10, 3600);
      List<Future<ThrottleResult>> attempts = new ArrayList<>();
      for (int i = 0; i < 60; i++) attempts.add(nodes.get(i % 2).throttle(List.of(check), CONTEXT));
      await(Future.all(attempts));
      assertThat(attempts.stream().filter(f -> f.result().allowed()).count()).isEqualTo(10);
    } finally {
      other.close().await();
    }
  }

  @Test
  void aNodeThatFindsAnEntryAnotherStoredFollowsItsChangeEvents() {
    JsonObject redis = TestServices.redis();
    Vertx other = Vertx.vertx();
    try {
      CacheClient storing = CacheFixture.deploy(node.vertx(), redis);
      CacheClient finding = CacheFixture.deploy(other, redis);
      String generation = await(storing.lookup("products", "k", CONTEXT)).generation();
      await(storing.store("products", generation, "k", "v", 60, CONTEXT));
      assertThat(await(finding.lookup("products", "k", CONTEXT)).value()).isEqualTo("v");
      Eventually.until("a change event on the finding node drops the entry", () -> {
        BusEvents.publish(other, TestServices.SIGNING, Events.address("products"), new JsonObject().put("type", "deleted"));
        return await(finding.lookup("products", "k", CONTEXT)).value() == null;
      });
    } finally {
      other.close().await();
    }
  }

  @Test
  void aScriptRedisHasNotSeenFallsBackToEvalThenRunsByItsSha() {
    TestServices.assumeRedis();
    Redis redis = Redis.createClient(node.vertx(), TestServices.REDIS_URL);
    try {
      LuaScript script = new LuaScript("-- " + UUID.randomUUID() + "\nreturn ARGV[1]");
      assertThat(CacheFixture.redis(node.vertx(), Command.SCRIPT, "EXISTS", script.sha()).get(0).toInteger()).isZero();
      assertThat(await(script.run(redis, List.of(), List.of("first"))).toString()).isEqualTo("first");
      assertThat(CacheFixture.redis(node.vertx(), Command.SCRIPT, "EXISTS", script.sha()).get(0).toInteger()).isOne();
      assertThat(await(script.run(redis, List.of(), List.of("second"))).toString()).isEqualTo("second");
    } finally {
      redis.close();
    }
  }
}
