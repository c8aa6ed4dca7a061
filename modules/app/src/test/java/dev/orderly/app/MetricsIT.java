package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.SseClient;
import dev.orderly.core.test.TestServices;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on started nodes: known traffic, then the exact lines it leaves in the node's
 * Prometheus text (route templates, never raw paths or ids; throttling by scope; the response cache;
 * workflow, export and import outcomes), with no token and no quota; the {@code METRICS_PORT} listener of a
 * node without a gateway, whose meters are its own; and that every series the Grafana dashboard charts exists.
 */
class MetricsIT {
  private static final String BOUNDARY = "orderly-metrics-boundary-5d1e";
  private static final Pattern ROUTE = Pattern.compile("route=\"([^\"]*)\"");
  private static final Pattern SERIES = Pattern.compile("\\b(?:vertx|orderly|jvm|process)_[a-z0-9_]+");

  @RegisterExtension
  final TestVertx clients = new TestVertx();

  @Test
  void knownTrafficIsCountedByRouteTemplateMethodAndStatus(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.POSTGRES, dir, new JsonObject()
        .put("THROTTLE_RATES", RunningOrderly.GENEROUS_RATES + ",anon=3/minute,login=1/minute"))) {
      long a = supplier(app, "M-A");
      long b = supplier(app, "M-B");
      // the creations' change events drop cached lists as they arrive: read until the list is a hit, counting X-Cache
      Map<String, Integer> xCache = new HashMap<>();
      int lists = 0;
      do {
        lists++;
        xCache.merge(app.testRequest(GET, "/api/suppliers/", null, 200).getHeader("X-Cache"), 1, Integer::sum);
      } while (!xCache.containsKey("HIT") && lists < 50);
      assertThat(xCache).containsKey("HIT");
      for (long id : List.of(a, b)) xCache.merge(app.testRequest(GET, "/api/suppliers/" + id + "/", null, 200).getHeader("X-Cache"), 1, Integer::sum);
      // a scanner: paths no route has, and a method nobody defined
      for (String path : List.of("/wp-login.php", "/.env", "/cgi-bin/test-cgi")) app.testRequest(GET, path, null, 404);
      assertThat(app.send(app.request(HttpMethod.valueOf("BREW"), "/api/suppliers/"), null).statusCode()).isEqualTo(405);
      JsonObject wrong = new JsonObject().put("username", "nobody").put("password", "wrong-password");
      assertThat(app.send(app.anonymous(POST, "/api/auth/login"), wrong).statusCode()).isEqualTo(401);
      assertThat(app.send(app.anonymous(POST, "/api/auth/login"), wrong).statusCode()).isEqualTo(429);

      // more scrapes than the anonymous rate allows, without a token: never refused, never counted
      String text = null;
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> scrape = app.send(app.anonymous(GET, "/metrics"), null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.getHeader("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.getHeader("RateLimit-Limit")).isNull();
        text = scrape.bodyAsString();
      }
      List<String> lines = lines(text);

      assertThat(lines).contains(
          "vertx_http_server_requests_total{code=\"201\",method=\"POST\",route=\"/api/{resource}\"} 2.0",
          "vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/api/{resource}\"} " + (double) lists,
          "vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/api/{resource}/{id}\"} 2.0",
          "vertx_http_server_requests_total{code=\"404\",method=\"GET\",route=\"unmatched\"} 3.0",
          "vertx_http_server_requests_total{code=\"405\",method=\"OTHER\",route=\"/api/{resource}\"} 1.0",
          "vertx_http_server_requests_total{code=\"401\",method=\"POST\",route=\"/api/auth/login\"} 1.0",
          "vertx_http_server_requests_total{code=\"429\",method=\"POST\",route=\"/api/auth/login\"} 1.0",
          "vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/metrics\"} 4.0",
          "orderly_throttled_requests_total{scope=\"login\"} 1.0",
          "orderly_throttled_requests_total{scope=\"anon\"} 0.0",
          "orderly_response_cache_requests_total{result=\"hit\"} " + (double) xCache.get("HIT"),
          "orderly_response_cache_requests_total{result=\"miss\"} " + (double) xCache.getOrDefault("MISS", 0),
          "orderly_sse_clients 0.0");
      assertThat(text).as("no raw path, id or method reaches a label")
          .doesNotContain("wp-login", ".env", "cgi-bin", "BREW", "/api/suppliers", "/" + a + "/");
      assertThat(routes(text)).as("every route label is a template or unmatched").allSatisfy(route ->
          assertThat(route.equals("unmatched") || route.startsWith("/") && !route.matches(".*[0-9].*")).as(route).isTrue());
      assertThat(text).contains("vertx_http_server_response_time_seconds_bucket{code=\"200\",method=\"GET\",route=\"/api/{resource}\",le=\"0.1\"}");

      // the event bus by service address, the SQL pools by name, the JVM
      assertThat(value(lines, "vertx_eventbus_processed_total{address=\"orderly.entities\",side=\"local\"}")).isGreaterThan(0);
      assertThat(value(lines, "vertx_eventbus_processed_total{address=\"orderly.cache.local\",side=\"local\"}")).isGreaterThan(0);
      assertThat(value(lines, "vertx_pool_completed_total{pool_name=\"orderly-entities\",pool_type=\"sql\"}")).isGreaterThan(0);
      assertThat(value(lines, "vertx_pool_completed_total{pool_name=\"orderly-auth\",pool_type=\"sql\"}")).isGreaterThan(0);
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("jvm_memory_used_bytes{area=\"heap\""));
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("jvm_gc_memory_allocated_bytes_total "));
      assertThat(value(lines, "jvm_threads_live_threads")).isGreaterThan(0);
    }
  }

  @Test
  void workflowExportImportAndStreamsCountTheirOutcomes(@TempDir Path dir) throws IOException {
    int metricsPort = TestServices.freePort();
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("METRICS_PORT", String.valueOf(metricsPort)))) {
      OrderFixture orders = OrderFixture.on(app);
      orders.orderIn("approved");
      orders.orderIn("rejected");
      long draft = orders.orderIn("draft");
      assertThat(orders.move(orders.approver, draft, "approve", "too early", null).statusCode()).isEqualTo(409);

      HttpResponse<Buffer> csv = app.testRequest(GET, "/api/suppliers/export?format=csv", null, 200);
      assertThat(csv.bodyAsString().lines().count()).as("header and the fixture's supplier").isEqualTo(2);
      long job = app.testRequest(POST, "/api/exports/", new JsonObject().put("resource", "suppliers").put("format", "xlsx"), 202)
          .bodyAsJsonObject().getLong("id");
      Eventually.within(Duration.ofSeconds(30), () -> {
        assertThat(app.testRequest(GET, "/api/exports/" + job, null, 200).bodyAsJsonObject().getString("status")).isEqualTo("done");
        return null;
      });

      assertThat(importCsv(app, "", "code,name\nIMP-A,Alpha\nIMP-B,Beta\n").statusCode()).isEqualTo(200);
      assertThat(importCsv(app, "?dry_run=true", "code,name\nIMP-C,Gamma\n").statusCode()).as("a dry run writes nothing").isEqualTo(200);
      assertThat(importCsv(app, "", "code,name\nimp-lower,Bad code\n").statusCode()).isEqualTo(400);

      try (SseClient stream = SseClient.start(clients.vertx(), app.port(), "/api/events?resources=suppliers",
          Map.of("Authorization", "Bearer " + app.adminToken()))) {
        assertThat(stream.status()).isEqualTo(200);
        stream.next();
        assertThat(lines(scrape(app, metricsPort))).contains("orderly_sse_clients 1.0");
      }
      Eventually.within(Duration.ofSeconds(10), () -> assertThat(lines(scrape(app, metricsPort))).contains("orderly_sse_clients 0.0"));

      List<String> lines = lines(scrape(app, metricsPort));
      assertThat(lines).contains(
          "orderly_workflow_transitions_total{outcome=\"done\",resource=\"purchase_orders\",transition=\"submit\"} 2.0",
          "orderly_workflow_transitions_total{outcome=\"done\",resource=\"purchase_orders\",transition=\"approve\"} 1.0",
          "orderly_workflow_transitions_total{outcome=\"done\",resource=\"purchase_orders\",transition=\"reject\"} 1.0",
          "orderly_workflow_transitions_total{outcome=\"conflict\",resource=\"purchase_orders\",transition=\"approve\"} 1.0",
          "orderly_export_rows_total{format=\"csv\",resource=\"suppliers\"} 1.0",
          "orderly_export_rows_total{format=\"xlsx\",resource=\"suppliers\"} 1.0",
          "orderly_export_jobs_total{status=\"queued\"} 1.0",
          "orderly_export_jobs_total{status=\"done\"} 1.0",
          "orderly_export_jobs_total{status=\"failed\"} 0.0",
          "orderly_import_rows_total{outcome=\"created\",resource=\"suppliers\"} 2.0",
          "orderly_import_rows_total{outcome=\"rejected\",resource=\"suppliers\"} 1.0");
      assertThat(lines).noneMatch(l -> l.startsWith("orderly_import_rows_total{outcome=\"updated\""));
      // the listener's own requests, under its one route
      assertThat(value(lines, "vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/metrics\"}")).isGreaterThan(0);

      // every series the Grafana dashboard charts is one this node writes (a collection for GC pauses, which exist after one)
      System.gc();
      Set<String> charted = dashboardSeries();
      assertThat(charted).contains("vertx_http_server_requests_total", "orderly_workflow_transitions_total", "jvm_memory_used_bytes");
      Eventually.within(Duration.ofSeconds(10), () -> {
        Set<String> written = lines(scrape(app, metricsPort)).stream().map(MetricsIT::seriesName).collect(Collectors.toSet());
        assertThat(written).containsAll(charted);
        return null;
      });
    }
  }

  /** The metric names in the expressions of {@code docker/grafana-dashboard.json}. */
  private static Set<String> dashboardSeries() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(Path.of("../../docker/grafana-dashboard.json")));
    Set<String> names = new TreeSet<>();
    for (Object panel : dashboard.getJsonArray("panels")) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
        Matcher m = SERIES.matcher(((JsonObject) target).getString("expr"));
        while (m.find()) names.add(m.group());
      }
    }
    return names;
  }

  private static String seriesName(String line) {
    int end = line.indexOf('{');
    return line.substring(0, end >= 0 ? end : line.indexOf(' '));
  }

  @Test
  void aNodeWithoutAGatewayServesItsOwnMetricsOnMetricsPort(@TempDir Path dir) {
    int metricsPort = TestServices.freePort();
    try (RunningOrderly gateway = RunningOrderly.start(Db.SQLITE, dir.resolve("a"));
         RunningOrderly services = RunningOrderly.start(Db.SQLITE, dir.resolve("b"), new JsonObject()
             .put("ROLES", "entities,auth,cache,export").put("METRICS_PORT", String.valueOf(metricsPort)))) {
      supplier(gateway, "OTHER-NODE");
      HttpResponse<Buffer> scrape = get(services, metricsPort, GET, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.getHeader("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      List<String> lines = lines(scrape.bodyAsString());
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("vertx_eventbus_handlers{address=\"orderly.entities\"}"));
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("vertx_pool_in_use{pool_name=\"orderly-sqlite\",pool_type=\"sql\"}"));
      assertThat(lines).contains("orderly_export_jobs_total{status=\"queued\"} 0.0");
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("jvm_threads_live_threads "));
      assertThat(scrape.bodyAsString()).as("the other node's requests are in its own registry")
          .doesNotContain("route=\"/api/{resource}\"", "orderly_throttled_requests_total", "orderly_sse_clients");
      assertThat(lines(get(gateway, gateway.port(), GET, "/metrics").bodyAsString()))
          .contains("vertx_http_server_requests_total{code=\"201\",method=\"POST\",route=\"/api/{resource}\"} 1.0");

      HttpResponse<Buffer> elsewhere = get(services, metricsPort, GET, "/api/suppliers/");
      assertThat(elsewhere.statusCode()).isEqualTo(404);
      assertThat(elsewhere.bodyAsJsonObject()).isEqualTo(new JsonObject().put("detail", "Not found.").put("code", "not_found"));
      HttpResponse<Buffer> posted = get(services, metricsPort, POST, "/metrics");
      assertThat(posted.statusCode()).isEqualTo(405);
      assertThat(posted.getHeader("Allow")).isEqualTo("GET");
      assertThat(posted.bodyAsJsonObject().getString("code")).isEqualTo("method_not_allowed");
    }
  }

  private static long supplier(RunningOrderly app, String code) {
    return app.testRequest(POST, "/api/suppliers/", new JsonObject().put("code", code).put("name", code), 201).bodyAsJsonObject().getLong("id");
  }

  private static HttpResponse<Buffer> importCsv(RunningOrderly app, String query, String csv) {
    Buffer body = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"suppliers.csv\""
        + "\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + BOUNDARY + "--\r\n");
    return app.send(app.request(POST, "/api/suppliers/import" + query).putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
        body);
  }

  private static HttpResponse<Buffer> get(RunningOrderly app, int port, HttpMethod method, String path) {
    return app.send(app.client().request(method, port, "127.0.0.1", path), null);
  }

  private static String scrape(RunningOrderly app, int metricsPort) {
    HttpResponse<Buffer> response = get(app, metricsPort, GET, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsString();
  }

  /** The sample lines of a scrape, without its HELP and TYPE comments. */
  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
  }

  /** The value of the sample {@code series} (its name and labels as written), failing when it is absent. */
  private static double value(List<String> lines, String series) {
    return lines.stream().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .orElseThrow(() -> new AssertionError("no sample " + series));
  }

  private static List<String> routes(String text) {
    Matcher m = ROUTE.matcher(text);
    List<String> routes = new java.util.ArrayList<>();
    while (m.find()) routes.add(m.group(1));
    return routes;
  }
}
