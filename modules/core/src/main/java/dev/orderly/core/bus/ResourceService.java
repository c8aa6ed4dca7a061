package dev.orderly.core.bus;

import io.vertx.core.Future;

/**
 * The CRUD actions of a service's resources as a Java API: what a service calls in process, and what
 * {@link ResourceActions} exposes on its address. Failures are {@link ServiceError}s.
 */
public interface ResourceService {
  Future<ResourceReply> list(ResourceRequest.ListPage request, RequestContext context);

  Future<ResourceReply> get(ResourceRequest.Get request, RequestContext context);

  Future<ResourceReply> create(ResourceRequest.Create request, RequestContext context);

  Future<ResourceReply> update(ResourceRequest.Update request, RequestContext context);

  Future<ResourceReply> delete(ResourceRequest.Delete request, RequestContext context);
}
