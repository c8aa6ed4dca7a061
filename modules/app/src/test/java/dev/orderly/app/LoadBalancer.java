package dev.orderly.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer in front of gateways, as a test needs one: it probes each backend's {@code /health/ready} every
 * {@code probeMs} and routes requests round-robin to those whose last probe answered 200 (to all when none did); a
 * request whose connection is refused goes to the next backend, as HAProxy's {@code redispatch} or nginx's
 * {@code proxy_next_upstream error} do. Nothing was sent on a refused connection, so any method may go again; nothing
 * else is retried. One connection per request.
 */
final class LoadBalancer implements AutoCloseable {
  record Answer(int port, int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final HttpClientAgent client;
  private final List<Integer> ports;
  private final Map<Integer, Boolean> ready = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger redispatched = new AtomicInteger();
  private final Vertx vertx;
  private final long timer;

  LoadBalancer(Vertx vertx, List<Integer> ports, long probeMs) {
    this.vertx = vertx;
    this.ports = List.copyOf(ports);
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setConnectTimeout(2_000));
    ports.forEach(port -> ready.put(port, false));
    this.timer = vertx.setPeriodic(probeMs, id -> ports.forEach(this::probe));
  }

  private void probe(int port) {
    exchange(port, HttpMethod.GET, "/health/ready", null, null)
        .onComplete(ar -> ready.put(port, ar.succeeded() && ar.result().status() == 200));
  }

  boolean ready(int port) {
    return ready.getOrDefault(port, false);
  }

  /** Requests sent again to another backend because their connection was refused. */
  int redispatched() {
    return redispatched.get();
  }

  /** Sends one request through the balancer and waits for its answer; fails with what the last backend tried did. */
  Answer send(HttpMethod method, String path, JsonObject body, String bearer) throws Exception {
    int first = Math.floorMod(next.getAndIncrement(), ports.size());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) order.add(ports.get((first + i) % ports.size()));
    List<Integer> candidates = new ArrayList<>(order.stream().filter(this::ready).toList());
    order.stream().filter(port -> !ready(port)).forEach(candidates::add);
    Exception last = null;
    for (int port : candidates) {
      try {
        return exchange(port, method, path, body, bearer).await(RunningOrderly.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (!HeldRequest.isRefusal(e)) throw e;
        redispatched.incrementAndGet();
        last = e;
      }
    }
    throw last;
  }

  private Future<Answer> exchange(int port, HttpMethod method, String path, JsonObject body, String bearer) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path)
        .setIdleTimeout(RunningOrderly.TIMEOUT_SECONDS * 1000);
    if (bearer != null) options.addHeader("Authorization", "Bearer " + bearer);
    return client.request(options).compose(request -> {
      if (body == null) return request.send();
      request.putHeader("Content-Type", "application/json");
      return request.send(body.toBuffer());
    }).compose(response -> response.body().map(bytes -> new Answer(port, response.statusCode(), bytes.toString())));
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
    client.close().await();
  }

  /** For a failure message. */
  @Override
  public String toString() {
    return "balancer over " + ports + ", ready " + ready;
  }
}
