package dev.orderly.app;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process that joins a test cluster's Hazelcast as one more member (same name, same members) and asks the entity
 * service to create suppliers, as the superuser, with the key and trust stores and the secrets it is given. Test
 * sources only ({@code java -cp orderly.jar:test-classes dev.orderly.app.Stranger ...}), run by
 * {@link ClusterStrangerIT}.
 *
 * <p>Arguments: cluster name, members, its own Hazelcast port, keystore, truststore, the stores' password, the
 * request timeout in ms, then pairs of (secret, supplier code). For each pair it prints one line
 * {@code RESULT <code> reply <id>} or {@code RESULT <code> failure <type> <status>}, then {@code DONE}, and leaves.
 * With {@code listen} instead of the pairs it registers a consumer of the entity service's address, accepting any
 * client and trusting any server as an attacker's bus would, prints {@code LISTENING}, and when its standard input
 * closes prints {@code RECEIVED <n>} (the messages that reached it), then {@code DONE}.
 */
public final class Stranger {
  private Stranger() {}

  /** A member whose bus takes any client and trusts any server: only the nodes' own checks keep it out. */
  private static Future<Vertx> rogue(Settings.Cluster cluster) {
    VertxOptions options = Orderly.vertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    ClusterTls.apply(cluster.tls(), options.getEventBusOptions());
    options.getEventBusOptions().setClientAuth(ClientAuth.NONE).setTrustAll(true);
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(Clustering.hazelcast(cluster, "127.0.0.1")))
        .buildClustered();
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    List<String> members = List.of(args[1].split(","));
    int port = Integer.parseInt(args[2]);
    String password = args[5];
    long timeoutMs = Long.parseLong(args[6]);
    Settings.Tls tls = new Settings.Tls(args[3], password, args[4], password);
    Settings.Cluster cluster = new Settings.Cluster(true, name, "127.0.0.1", port, members, "127.0.0.1", 0, 3000, 1, 1, tls);
    boolean listen = args.length > 7 && args[7].equals("listen");
    Vertx vertx = (listen ? rogue(cluster) : Clustering.start(cluster, Orderly.vertxOptions())).await(60, TimeUnit.SECONDS);
    System.out.println("JOINED");
    try {
      if (listen) {
        AtomicInteger received = new AtomicInteger();
        vertx.eventBus().consumer(ResourceClient.ENTITIES_ADDRESS, message -> received.incrementAndGet()).completion().await(30, TimeUnit.SECONDS);
        System.out.println("LISTENING");
        System.in.transferTo(OutputStream.nullOutputStream());
        System.out.println("RECEIVED " + received.get());
        return;
      }
      ResourceClient entities = new ResourceClient(vertx, timeoutMs);
      for (int i = 7; i + 1 < args.length; i += 2) {
        String code = args[i + 1];
        RequestContext context = new RequestContext("stranger-" + code, Caller.SYSTEM, CallerSigning.fromSecret(args[i]));
        try {
          ResourceReply reply = entities.create("suppliers", new JsonObject().put("code", code).put("name", "Stranger " + code), context)
              .await(timeoutMs * 3, TimeUnit.MILLISECONDS);
          System.out.println("RESULT " + code + " reply " + reply.id());
        } catch (ReplyException e) {
          System.out.println("RESULT " + code + " failure " + e.failureType() + " " + e.failureCode());
        }
      }
    } finally {
      System.out.println("DONE");
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
