package dev.orderly.export;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceNames;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.RowsPage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The rows of a filtered list, one keyset page at a time, from the service that owns the resource
 * ({@link ResourceRequest.Rows}): the export never holds more than one page, and asks for the next only
 * when it has written the last. Each page's rows count in {@code orderly.export.rows} as it is handed over.
 */
final class RowPages {
  private final ResourceService resources;
  private final String resource;
  private final JsonObject params;
  private final RequestContext context;
  private final int limit;
  private final MeterProvider<Counter> counts;
  private final String format;
  private Counter counted;
  private JsonArray after;
  private boolean done;
  private long rows;

  /** @param counts {@code orderly.export.rows}, counted under {@code format} once the service has accepted the resource */
  RowPages(ResourceService resources, String resource, JsonObject params, RequestContext context, int limit,
           MeterProvider<Counter> counts, ExportFormat format) {
    this.resources = resources;
    this.resource = resource;
    this.params = params;
    this.context = context;
    this.limit = limit;
    this.counts = counts;
    this.format = format.extension;
  }

  /** The next page, or null once the last was read; the first call checks the parameters (400). */
  Future<RowsPage> next() {
    if (done) return Future.succeededFuture(null);
    return resources.rows(new ResourceRequest.Rows(resource, params, after, limit), context).map(reply -> {
      RowsPage page = RowsPage.fromJson(reply.json());
      after = page.after();
      done = after == null;
      rows += page.rows().size();
      // the resource is known once its service answered a page: only then does its name become a label
      if (counted == null) counted = counts.withTags("resource", ResourceNames.table(resource), "format", format);
      counted.increment(page.rows().size());
      return page;
    });
  }

  /** Rows read so far. */
  long rows() {
    return rows;
  }
}
