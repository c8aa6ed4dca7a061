package dev.orderly.gateway;

import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceNames;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.metrics.OrderlyMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response cache of list and detail GETs, in the cache service. An entry's key is the resource's
 * namespace (its table), plus a digest of: the caller's permission scope (the user id, {@code anon} when
 * anonymous), the scheme and host (links in a page are absolute), the record id and the query with its
 * parameters sorted. It lives under the namespace's generation, read together with it in one round
 * trip; every successful write through the gateway moves the generation on before its response leaves
 * ({@link #written}), and so does every change event. Only 200s are stored, with their ETag.
 * {@value #HEADER}: {@code HIT} or {@code MISS}, counted in {@code orderly.response.cache.requests}. When the
 * cache service fails, requests bypass it (a {@code MISS}).
 */
final class ResponseCache {
  static final String HEADER = "X-Cache";
  private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);

  /** A response as cached: the record's version (null for a list) and the body the entity service rendered. */
  record Cached(String version, Buffer body) {
    static Cached of(ResourceReply reply) {
      return new Cached(reply.version() == null ? null : String.valueOf(reply.version()), reply.body());
    }

    String encode() {
      return (version == null ? "" : version) + "\n" + body.toString();
    }

    static Cached decode(String value) {
      int newline = value.indexOf('\n');
      return new Cached(newline == 0 ? null : value.substring(0, newline), Buffer.buffer(value.substring(newline + 1)));
    }
  }

  private final CacheClient cache;
  private final boolean enabled;
  private final long ttlSeconds;
  private final Counter hits;
  private final Counter misses;

  ResponseCache(CacheClient cache, boolean enabled, long ttlSeconds, MeterRegistry meters) {
    this.cache = cache;
    this.enabled = enabled;
    this.ttlSeconds = ttlSeconds;
    this.hits = OrderlyMeters.responseCache(meters, OrderlyMeters.HIT);
    this.misses = OrderlyMeters.responseCache(meters, OrderlyMeters.MISS);
  }

  /** The cached response of this GET of {@code resource} (and {@code id}, or null for a list), else {@code fetch}'s. */
  Future<Cached> read(RoutingContext ctx, String resource, String id, Supplier<Future<ResourceReply>> fetch) {
    if (!enabled) return fetch.get().map(Cached::of);
    String namespace = ResourceNames.table(resource);
    String key = key(ctx, id);
    RequestContext context = context(ctx);
    return cache.lookup(namespace, key, context)
        .recover(e -> {
          log.debug("rid={} cache lookup failed, bypassing it: {}", context.requestId(), e.toString());
          return Future.succeededFuture(null);
        })
        .compose(found -> {
          if (found != null && found.value() != null) {
            hits.increment();
            ctx.response().putHeader(HEADER, "HIT");
            return Future.succeededFuture(Cached.decode(found.value()));
          }
          misses.increment();
          ctx.response().putHeader(HEADER, "MISS");
          return fetch.get().map(reply -> {
            Cached fresh = Cached.of(reply);
            if (found != null) {
              cache.store(namespace, found.generation(), key, fresh.encode(), ttlSeconds, context)
                  .onFailure(e -> log.debug("rid={} cache store failed: {}", context.requestId(), e.toString()));
            }
            return fresh;
          });
        });
  }

  /**
   * After a successful write to {@code resource}: drops its cached responses everywhere before the
   * response goes out, so that a read that follows on any node sees the write. A failure is logged,
   * never the client's problem: the write happened.
   */
  Future<Void> written(RoutingContext ctx, String resource) {
    if (!enabled) return Future.succeededFuture();
    RequestContext context = context(ctx);
    return cache.bump(ResourceNames.table(resource), context)
        .<Void>mapEmpty()
        .recover(e -> {
          log.warn("rid={} cannot drop the cached responses of {}: {}", context.requestId(), resource, e.toString());
          return Future.succeededFuture();
        });
  }

  /** The entry key of this request. */
  static String key(RoutingContext ctx, String id) {
    Long caller = Throttling.callerId(ctx);
    JsonObject params = QueryParams.parse(ctx.request().query());
    JsonObject sorted = new JsonObject(new TreeMap<>(params.getMap()));
    String text = (caller == null ? "anon" : "user:" + caller) + "\n" + ctx.request().scheme() + "://"
        + HostCheck.hostOf(ctx.request()) + "\n" + (id == null ? "" : id) + "\n" + sorted.encode();
    return ThrottleScopes.digest(text);
  }

  private static RequestContext context(RoutingContext ctx) {
    return Authentication.context(ctx);
  }
}
