package dev.orderly.export;

import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.Consumers.ActionHandler;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service that owns the resources, as the export service sees it: a real consumer on
 * {@value ResourceClient#ENTITIES_ADDRESS} that answers {@code get} (200 for a known record, 404 for an
 * unknown record or resource) and {@code list} (200 for a known resource, 404 otherwise), as the entity
 * service's engine does. Its records can be removed while a test runs.
 *
 * <p>Why not the real entity service: it is a sibling service module, and the enforcer rule
 * ({@code services-depend-on-core-only}) bans sibling dependencies in every scope, test included; lifting it
 * for this module ({@code orderly.allowSiblings}) would lift it for its main code too. The export service
 * only ever asks {@code get} and {@code list} through {@link ResourceClient}, so this is the whole contract.
 */
final class RecordOwner {
  private final Map<String, Set<Long>> records = new ConcurrentHashMap<>();

  RecordOwner with(String resource, long... ids) {
    Set<Long> set = records.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet());
    for (long id : ids) set.add(id);
    return this;
  }

  void remove(String resource, long id) {
    records.getOrDefault(resource, Set.of()).remove(id);
  }

  Future<Void> register(Vertx vertx) {
    Map<String, ActionHandler> actions = Map.of(
        ResourceRequest.GET, (body, context) -> {
          ResourceRequest.Get get = ResourceRequest.Get.fromJson(body);
          Set<Long> ids = records.get(get.resource());
          if (ids == null || !get.id().matches("[0-9]{1,18}") || !ids.contains(Long.parseLong(get.id()))) {
            return Future.failedFuture(ServiceError.notFound());
          }
          long id = Long.parseLong(get.id());
          return Future.succeededFuture(Reply.of(new ResourceReply(new JsonObject().put("id", id).put("version", 1).toBuffer(), id, 1L)));
        },
        ResourceRequest.LIST, (body, context) -> {
          ResourceRequest.ListPage list = ResourceRequest.ListPage.fromJson(body);
          Set<Long> ids = records.get(list.resource());
          if (ids == null) return Future.failedFuture(ServiceError.notFound());
          return Future.succeededFuture(Reply.of(ResourceReply.of(new JsonObject().put("count", ids.size()).putNull("next").putNull("previous")
              .put("results", new JsonArray()))));
        });
    return Consumers.register(vertx, TestServices.SIGNING, ResourceClient.ENTITIES_ADDRESS, actions);
  }
}
