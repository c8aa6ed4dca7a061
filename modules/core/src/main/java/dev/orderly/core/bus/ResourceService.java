package dev.orderly.core.bus;

import io.vertx.core.Future;

/**
 * The actions of a service's resources as a Java API: what a service calls in process, and what
 * {@link ResourceActions} exposes on its address. Failures are {@link ServiceError}s.
 *
 * <p>Each action defaults to {@link #handle}, so a service that treats every request alike (a client that
 * sends it on, a wrapper that checks permissions first) implements only that; the engine implements each
 * action, and its {@code handle} runs the request's own ({@link ResourceRequest#runOn}).
 */
public interface ResourceService {
  /** Any request. */
  Future<ResourceReply> handle(ResourceRequest request, RequestContext context);

  default Future<ResourceReply> list(ResourceRequest.ListPage request, RequestContext context) {
    return handle(request, context);
  }

  default Future<ResourceReply> get(ResourceRequest.Get request, RequestContext context) {
    return handle(request, context);
  }

  default Future<ResourceReply> create(ResourceRequest.Create request, RequestContext context) {
    return handle(request, context);
  }

  default Future<ResourceReply> update(ResourceRequest.Update request, RequestContext context) {
    return handle(request, context);
  }

  default Future<ResourceReply> delete(ResourceRequest.Delete request, RequestContext context) {
    return handle(request, context);
  }

  /** Moves a record from one workflow state to another; 404 for a resource without that transition. */
  default Future<ResourceReply> transition(ResourceRequest.Transition request, RequestContext context) {
    return handle(request, context);
  }

  /** The record's audit trail, oldest first, as a JSON array. */
  default Future<ResourceReply> history(ResourceRequest.History request, RequestContext context) {
    return handle(request, context);
  }

  /** One keyset page of export rows ({@link RowsPage}). */
  default Future<ResourceReply> rows(ResourceRequest.Rows request, RequestContext context) {
    return handle(request, context);
  }

  /** An all-or-nothing import of the rows streamed at the request's address. */
  default Future<ResourceReply> importRows(ResourceRequest.Import request, RequestContext context) {
    return handle(request, context);
  }

  /** The resource's fields as DRF's OPTIONS metadata describes them. */
  default Future<ResourceReply> describe(ResourceRequest.Describe request, RequestContext context) {
    return handle(request, context);
  }
}
