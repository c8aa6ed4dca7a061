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

  /** Moves a record from one workflow state to another; 404 for a resource without that transition. */
  Future<ResourceReply> transition(ResourceRequest.Transition request, RequestContext context);

  /** The record's audit trail, oldest first, as a JSON array. */
  Future<ResourceReply> history(ResourceRequest.History request, RequestContext context);
}
