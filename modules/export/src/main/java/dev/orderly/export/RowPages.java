package dev.orderly.export;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.RowsPage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The rows of a filtered list, one keyset page at a time, from the service that owns the resource
 * ({@link ResourceRequest.Rows}): the export never holds more than one page, and asks for the next only
 * when it has written the last.
 */
final class RowPages {
  private final ResourceService resources;
  private final String resource;
  private final JsonObject params;
  private final RequestContext context;
  private final int limit;
  private JsonArray after;
  private boolean done;
  private long rows;

  RowPages(ResourceService resources, String resource, JsonObject params, RequestContext context, int limit) {
    this.resources = resources;
    this.resource = resource;
    this.params = params;
    this.context = context;
    this.limit = limit;
  }

  /** The next page, or null once the last was read; the first call checks the parameters (400). */
  Future<RowsPage> next() {
    if (done) return Future.succeededFuture(null);
    return resources.rows(new ResourceRequest.Rows(resource, params, after, limit), context).map(reply -> {
      RowsPage page = RowsPage.fromJson(reply.json());
      after = page.after();
      done = after == null;
      rows += page.rows().size();
      return page;
    });
  }

  /** Rows read so far. */
  long rows() {
    return rows;
  }
}
