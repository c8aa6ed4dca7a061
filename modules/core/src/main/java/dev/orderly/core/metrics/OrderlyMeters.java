package dev.orderly.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter.MeterProvider;
import java.util.function.ToDoubleFunction;

/**
 * Orderly's own meters, each named and described here once; the services record them where the thing
 * happens. In Prometheus text dots become underscores and counters end in {@code _total}
 * ({@code orderly.throttled.requests} is {@code orderly_throttled_requests_total}). Every label value comes
 * from a closed set (a throttle scope, a resource the service defines, a transition it defines, an outcome
 * named here), never from the request, so no client can grow the number of series. Callers keep the meters
 * they get: registering looks the meter up in the registry.
 */
public final class OrderlyMeters {
  /** Requests refused with 429, by {@code scope} (each refusing scope counts once). */
  public static final String THROTTLED = "orderly.throttled.requests";
  /** List and detail GETs through the response cache, by {@code result}: {@code hit} or {@code miss} (its {@code X-Cache}). */
  public static final String RESPONSE_CACHE = "orderly.response.cache.requests";
  /** Workflow transitions (submit, approve, reject, cancel), by {@code resource} (table), {@code transition} and {@code outcome}. */
  public static final String TRANSITIONS = "orderly.workflow.transitions";
  /** Rows handed to export writers, synchronous exports and jobs alike, by {@code resource} and {@code format}. */
  public static final String EXPORT_ROWS = "orderly.export.rows";
  /** Export jobs entering a status, by {@code status}: {@code queued}, {@code done} or {@code failed}. */
  public static final String EXPORT_JOBS = "orderly.export.jobs";
  /** Imported rows, by {@code resource} and {@code outcome}: {@code created}, {@code updated}, {@code unchanged}, or {@code rejected} (every row of a file refused for its errors). */
  public static final String IMPORT_ROWS = "orderly.import.rows";
  /** Server-Sent Event streams this node serves now. */
  public static final String SSE_CLIENTS = "orderly.sse.clients";

  /** {@link #TRANSITIONS}' outcome of a transition that committed. */
  public static final String DONE = "done";
  public static final String HIT = "hit";
  public static final String MISS = "miss";

  private OrderlyMeters() {}

  public static Counter throttled(MeterRegistry registry, String scope) {
    return Counter.builder(THROTTLED).description("Requests refused with 429, by refusing throttle scope")
        .tag("scope", scope).register(registry);
  }

  public static Counter responseCache(MeterRegistry registry, String result) {
    return Counter.builder(RESPONSE_CACHE).description("List and detail GETs through the response cache, by X-Cache result")
        .tag("result", result).register(registry);
  }

  /** Tags: {@code resource}, {@code transition}, {@code outcome} ({@link #DONE} or {@link #outcome(int)}). */
  public static MeterProvider<Counter> transitions(MeterRegistry registry) {
    return Counter.builder(TRANSITIONS).description("Workflow transitions, by resource, transition and outcome").withRegistry(registry);
  }

  /** Tags: {@code resource}, {@code format}. */
  public static MeterProvider<Counter> exportRows(MeterRegistry registry) {
    return Counter.builder(EXPORT_ROWS).description("Rows handed to export writers, by resource and format").withRegistry(registry);
  }

  public static Counter exportJobs(MeterRegistry registry, String status) {
    return Counter.builder(EXPORT_JOBS).description("Export jobs entering a status").tag("status", status).register(registry);
  }

  /** Tags: {@code resource}, {@code outcome}. */
  public static MeterProvider<Counter> importRows(MeterRegistry registry) {
    return Counter.builder(IMPORT_ROWS).description("Imported rows, by resource and outcome").withRegistry(registry);
  }

  /** A gauge reading {@code state}; it must be the one object of the node (a second registration keeps the first). */
  public static <T> Gauge sseClients(MeterRegistry registry, T state, ToDoubleFunction<T> open) {
    return Gauge.builder(SSE_CLIENTS, state, open).description("Server-Sent Event streams this node serves").register(registry);
  }

  /**
   * The outcome label of a refused or failed action, from its HTTP status: {@code invalid} (400),
   * {@code forbidden} (401, 403), {@code not_found}, {@code conflict} (409), {@code stale} (412), else {@code error}.
   */
  public static String outcome(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 401, 403 -> "forbidden";
      case 404 -> "not_found";
      case 409 -> "conflict";
      case 412 -> "stale";
      default -> "error";
    };
  }
}
