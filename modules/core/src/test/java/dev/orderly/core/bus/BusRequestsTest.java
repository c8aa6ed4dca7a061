package dev.orderly.core.bus;

import static dev.orderly.core.test.Outcomes.await;
import static dev.orderly.core.test.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BusRequests} on a clustered bus (one Hazelcast member on loopback): which requests are sent a second time
 * after no handler took them or none answered, counted by an outbound interceptor. Keyed writes are, unkeyed ones
 * never; a keyed write whose body is a stream only when no handler took it.
 */
class BusRequestsTest {
  private static final long SHORT_TIMEOUT_MS = 300;
  private static final IdempotencyKey KEY = new IdempotencyKey("k-1", "0".repeat(64));
  private static Vertx clustered;
  private static final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();

  @BeforeAll
  static void cluster() {
    int port = TestServices.freePort();
    Config config = ConfigUtil.loadConfig().setClusterName("bus-requests-" + port);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).getMembers().clear();
    join.getTcpIpConfig().addMember("127.0.0.1:" + port);
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    clustered = await(Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config)).buildClustered());
    clustered.eventBus().addOutboundInterceptor(delivery -> {
      sent.computeIfAbsent(delivery.message().address(), a -> new AtomicInteger()).incrementAndGet();
      delivery.next();
    });
  }

  @AfterAll
  static void leave() {
    if (clustered != null) await(clustered.close());
  }

  @BeforeEach
  void reset() {
    sent.clear();
  }

  private static RequestContext keyed() {
    return RequestContext.anonymous("bus-requests", CallerSigning.NONE).withIdempotency(KEY);
  }

  @Test
  void aKeyedCreateIsSentOnceMoreAfterNoHandlersAndAnUnkeyedOneIsNot() {
    ResourceClient client = new ResourceClient(clustered, SHORT_TIMEOUT_MS);
    assertThat(clustered.isClustered()).isTrue();

    Throwable keyed = failure(client.create("suppliers", new JsonObject().put("code", "A"), keyed()));
    assertThat(keyed).isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    assertThat(sends(ResourceClient.ENTITIES_ADDRESS)).as("a keyed create: the first try and one more").isEqualTo(2);

    sent.clear();
    failure(client.create("suppliers", new JsonObject().put("code", "A"), RequestContext.anonymous("bus-requests", CallerSigning.NONE)));
    assertThat(sends(ResourceClient.ENTITIES_ADDRESS)).as("a create without a key is never repeated").isEqualTo(1);
  }

  @Test
  void aKeyedExportSubmitIsSentOnceMoreAfterNoHandlersAndAnUnkeyedOneIsNot() {
    ExportClient client = new ExportClient(clustered, SHORT_TIMEOUT_MS);
    ExportMessages.JobRequest job = new ExportMessages.JobRequest("products", "csv", new JsonObject(), null);

    failure(client.submit(job, keyed()));
    assertThat(sends(ExportClient.ADDRESS)).isEqualTo(2);

    sent.clear();
    failure(client.submit(job, RequestContext.anonymous("bus-requests", CallerSigning.NONE)));
    assertThat(sends(ExportClient.ADDRESS)).isEqualTo(1);
  }

  @Test
  void aKeyedWriteIsSentOnceMoreWhenNoneAnsweredButAStreamedOneOnlyWhenNoneTookIt() {
    String address = "test.bus-requests.silent";
    AtomicInteger received = new AtomicInteger();
    await(clustered.eventBus().<JsonObject>consumer(address, msg -> received.incrementAndGet()).completion());
    DeliveryOptions options = keyed().deliveryOptions(SHORT_TIMEOUT_MS);

    Throwable timedOut = failure(BusRequests.request(clustered, address, new JsonObject(), options, BusRequests.Repeat.of(false, keyed())));
    assertThat(timedOut).isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.TIMEOUT));
    assertThat(received).as("a keyed write that timed out is tried once more").hasValue(2);

    received.set(0);
    failure(BusRequests.request(clustered, address, new JsonObject(), options, BusRequests.Repeat.ofStreamed(keyed())));
    assertThat(received).as("a keyed upload whose first try timed out may have been partly read: never again").hasValue(1);

    received.set(0);
    RequestContext unkeyed = RequestContext.anonymous("bus-requests", CallerSigning.NONE);
    failure(BusRequests.request(clustered, address, new JsonObject(), unkeyed.deliveryOptions(SHORT_TIMEOUT_MS),
        BusRequests.Repeat.of(false, unkeyed)));
    assertThat(received).hasValue(1);
  }

  @Test
  void aKeyedUploadIsSentOnceMoreAfterNoHandlers() {
    failure(BusRequests.request(clustered, "test.bus-requests.nobody", new JsonObject(), keyed().deliveryOptions(SHORT_TIMEOUT_MS),
        BusRequests.Repeat.ofStreamed(keyed())));
    assertThat(sends("test.bus-requests.nobody")).isEqualTo(2);
  }

  @Test
  void theKeyAndFingerprintTravelAsHeadersAndComeBackOnArrival() {
    DeliveryOptions options = keyed().deliveryOptions(SHORT_TIMEOUT_MS);
    io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(options.getHeaders());
    assertThat(RequestContext.fromHeaders(headers).idempotency()).isEqualTo(KEY);
    assertThat(Set.copyOf(headers.names())).contains(IdempotencyKey.KEY_HEADER, IdempotencyKey.FINGERPRINT_HEADER);
    assertThat(RequestContext.fromHeaders(headers.set(IdempotencyKey.KEY_HEADER, "bad\u0001key")).idempotency())
        .as("a malformed key on the bus is no key").isNull();
  }

  private static int sends(String address) {
    AtomicInteger count = sent.get(address);
    return count == null ? 0 : count.get();
  }
}
