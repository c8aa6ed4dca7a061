package dev.orderly.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.orderly.core.config.ConfigException;
import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the clustered Vert.x of a node with {@code CLUSTER=true}: Hazelcast with its membership on
 * {@code CLUSTER_HOST:CLUSTER_PORT}, joining only {@code CLUSTER_MEMBERS} over TCP (multicast and
 * cloud auto-detection off, so a node never joins a cluster it was not told of) under {@code CLUSTER_NAME},
 * and the event bus on {@code EVENTBUS_HOST:EVENTBUS_PORT}, with mutual TLS ({@link ClusterTls}).
 *
 * <p>Hazelcast's own member-to-member traffic has no TLS (an Enterprise feature): its port must be reachable from the
 * cluster's private network only. A stranger that reaches it anyway and joins sees the cluster's subscription table
 * but cannot use the bus: without the deployment's certificate no TLS handshake with a node completes.
 *
 * <p>Failure detection: Hazelcast's defaults (a heartbeat every 5 s, a member dropped after 60 s of
 * silence) would keep a dead node's consumers registered for a minute, so every request routed to them
 * times out. Here a heartbeat goes every second and a member silent for {@code CLUSTER_FAILURE_TIMEOUT_MS}
 * (5 s by default) is dropped, and the event bus stops routing to it. A node that exits cleanly leaves at
 * once. Hazelcast's phone-home call is off: a node talks to its members only.
 */
final class Clustering {
  static final int HEARTBEAT_SECONDS = 1;

  private Clustering() {}

  /**
   * Starts Hazelcast and a clustered Vert.x on it, with its metrics ({@link MetricsSetup}) and the event bus's mutual
   * TLS ({@link ClusterTls}); blocking DNS for a host name and the reading of the key stores run here, before any event
   * loop serves.
   */
  static Future<Vertx> start(Settings.Cluster cluster, VertxOptions options) {
    String address = resolve("CLUSTER_HOST", cluster.host());
    options.getEventBusOptions().setHost(resolve("EVENTBUS_HOST", cluster.eventBusHost())).setPort(cluster.eventBusPort());
    ClusterTls.apply(cluster.tls(), options.getEventBusOptions());
    MetricsSetup.Metered metered = MetricsSetup.builder(options);
    return metered.builder().withClusterManager(new HazelcastClusterManager(hazelcast(cluster, address))).buildClustered()
        .map(metered::attach);
  }

  static Config hazelcast(Settings.Cluster cluster, String address) {
    // the map and multimap configurations the Vert.x cluster manager needs (backups of the subscription table)
    Config config = ConfigUtil.loadConfig().setClusterName(cluster.name());
    config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(Math.max(2, cluster.failureTimeoutMs() / 1000)));
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig network = config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(address);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).getMembers().clear();
    if (cluster.members().isEmpty()) {
      join.getTcpIpConfig().addMember(address + ":" + cluster.port());
    } else {
      cluster.members().forEach(join.getTcpIpConfig()::addMember);
    }
    return config;
  }

  /** Hazelcast binds to interfaces by address: a host name is resolved once, at start. */
  private static String resolve(String key, String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(key, "unknown host '" + host + "'");
    }
  }

  /**
   * Starts the clustered Vert.x of a node ({@code node} then holds it) on a thread of its own, since
   * resolving {@code CLUSTER_HOST} blocks. The bootstrap Vert.x in {@code node} stays open until the start has
   * finished: the futures of the start chain deliver their results on its event loop.
   */
  static Future<Vertx> join(AtomicReference<Vertx> node, Settings settings, VertxOptions options) {
    Promise<Vertx> joined = Promise.promise();
    Thread starter = new Thread(() -> {
      try {
        start(settings.cluster(), options).onComplete(joined);
      } catch (RuntimeException e) {
        joined.fail(e);
      }
    }, "orderly-cluster-join");
    starter.start();
    return joined.future()
        .recover(e -> Future.failedFuture(new Orderly.StartupException("joining cluster " + settings.cluster().name(), settings, e)))
        .onSuccess(node::set);
  }

  /** The ready line's cluster part: empty without {@code CLUSTER}. */
  static String describe(Settings settings) {
    Settings.Cluster cluster = settings.cluster();
    return cluster.enabled() ? " cluster=" + cluster.name() + "@" + cluster.host() + ":" + cluster.port() : "";
  }
}
