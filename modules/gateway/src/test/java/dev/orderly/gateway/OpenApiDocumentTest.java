package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.BusMessage;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.MessageSchema;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.model.Workflow;
import dev.orderly.core.resource.openapi.OpenApiFragment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The document's gateway paths, and what it reads from the route table: who needs credentials, where OPTIONS and HEAD answer. */
class OpenApiDocumentTest {
  private static final ResourceDef WIDGETS = ResourceDef.builder("widgets", "widgets", "widget")
      .field(Field.string("name"))
      .field(Field.string("status").readOnly())
      .field(Field.reference("requested_by", "users").readOnly().nullable())
      .workflow(Workflow.of("status", "requested_by", List.of(
          new Workflow.Transition("approve", "approved", Set.of("open"), "approved", Workflow.Actor.APPROVER_NOT_REQUESTER, false),
          new Workflow.Transition("escalate", "escalated", Set.of("open"), "escalated", Workflow.Actor.REQUESTER_OR_CHANGE, false))))
      .build();
  private static Vertx vertx;
  private static RouteTable routes;
  private static JsonObject paths;

  @BeforeAll
  static void assemble() {
    vertx = Vertx.vertx();
    routes = GatewayRouter.routes(new ResourceHandlers(null, null, null), new HealthHandlers(new Readiness(vertx, List.of(), null, false, 1_000)), new ApiDocs(),
        new AuthHandlers(null, false, () -> { }), new EventStreams(vertx, null, CallerSigning.NONE, 1_000, 1, EventStreams.Options.DEFAULT),
        new FileHandlers(null, null, null, null, 0, 0), new MetricsEndpoint(vertx),
        new StaticFiles(vertx, java.nio.file.Path.of("static")));
    paths = OpenApiDocument.assemble("test", List.of(OpenApiFragment.of(List.of(WIDGETS))), routes).getJsonObject("paths");
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void routesThatNeedNoCredentialsSaySoAndTheOthersTakeTheDocumentsSecurity() {
    for (String login : List.of("/api/auth/login", "/api/auth/refresh", "/api/auth/session")) {
      assertThat(paths.getJsonObject(login).getJsonObject("post").getJsonArray("security")).as(login).isEmpty();
    }
    assertThat(paths.getJsonObject("/health/ready").getJsonObject("get").getJsonArray("security")).isEmpty();
    assertThat(paths.getJsonObject("/api/auth/session").getJsonObject("delete").containsKey("security")).isFalse();
    assertThat(paths.getJsonObject("/api/widgets/{id}/approve/").getJsonObject("post").containsKey("security")).isFalse();
  }

  @Test
  void everyAuthenticatedWriteTakesAnIdempotencyKeyAndMayAnswer422ButNoLoginOrRead() {
    String key = "#/components/parameters/" + OpenApiParts.IDEMPOTENCY_KEY;
    List<String[]> writes = List.of(new String[] {"/api/widgets/", "post"}, new String[] {"/api/widgets/{id}/", "put"},
        new String[] {"/api/widgets/{id}/", "patch"}, new String[] {"/api/widgets/{id}/", "delete"},
        new String[] {"/api/widgets/{id}/approve/", "post"}, new String[] {"/api/exports/", "post"},
        new String[] {"/api/attachments/", "post"}, new String[] {"/api/widgets/import/", "post"}, new String[] {"/api/auth/password", "post"});
    for (String[] write : writes) {
      JsonObject operation = operation(write[0], write[1]);
      assertThat(operation.getJsonArray("parameters").stream().map(p -> ((JsonObject) p).getString("$ref")))
          .as("%s %s", write[1], write[0]).contains(key);
      assertThat(operation.getJsonObject("responses").getJsonObject("422").encode()).contains("idempotency_key_reused");
      String success = operation.getJsonObject("responses").fieldNames().stream().filter(code -> code.startsWith("2")).findFirst().orElseThrow();
      assertThat(operation.getJsonObject("responses").getJsonObject(success).getJsonObject("headers").containsKey("Idempotent-Replayed")).isTrue();
    }
    for (String[] other : List.of(new String[] {"/api/auth/login", "post"}, new String[] {"/api/auth/refresh", "post"},
        new String[] {"/api/widgets/", "get"}, new String[] {"/api/widgets/{id}/", "get"})) {
      JsonObject operation = operation(other[0], other[1]);
      assertThat(operation.getJsonArray("parameters", new io.vertx.core.json.JsonArray()).encode()).as("%s %s", other[1], other[0])
          .doesNotContain(key);
      assertThat(operation.getJsonObject("responses").containsKey("422")).isFalse();
    }
  }

  private static JsonObject operation(String path, String method) {
    assertThat(paths.containsKey(path)).as(path).isTrue();
    return paths.getJsonObject(path).getJsonObject(method);
  }

  @Test
  void optionsIsDocumentedWhereTheTableServesItAndHeadInTheGetsDescription() {
    assertThat(paths.getJsonObject("/api/widgets/").fieldNames()).containsExactlyInAnyOrder("get", "post", "options");
    assertThat(paths.getJsonObject("/api/widgets/{id}/").fieldNames()).containsExactlyInAnyOrder("get", "put", "patch", "delete", "options");
    assertThat(paths.getJsonObject("/api/widgets/{id}/").getJsonObject("options").getString("operationId")).isEqualTo("widgets_retrieve_metadata");
    assertThat(paths.getJsonObject("/api/widgets/").getJsonObject("get").getString("description")).endsWith("HEAD answers the same, without the body.");
    // /api/docs matches the resource rows' pattern too, but its GET is a row of its own
    assertThat(paths.getJsonObject("/api/docs").fieldNames()).containsExactly("get");
    assertThat(paths.getJsonObject("/api/docs").getJsonObject("get").containsKey("description")).isFalse();
    assertThat(paths.getJsonObject("/api/widgets/{id}/history/").fieldNames()).containsExactly("get");
  }

  @Test
  void aTransitionWithoutARowIsDocumentedByItsDefinitionButServedByNoRow() {
    // what DocumentedRoutesIT catches for the shipped resources: a new transition needs its row in GatewayRouter
    assertThat(paths.fieldNames()).contains("/api/widgets/{id}/escalate/");
    assertThat(routes.serving(POST, OpenApiDocument.sample("/api/widgets/{id}/escalate/"))).isNull();
    assertThat(routes.serving(POST, OpenApiDocument.sample("/api/widgets/{id}/approve/")).template()).isEqualTo(GatewayRouter.APPROVE);
  }

  @Test
  void everyAuthRowIsDocumented() {
    for (RouteTable.Entry row : routes.rows()) {
      if (!row.template().startsWith(GatewayRouter.AUTH)) continue;
      JsonObject item = paths.getJsonObject(row.template());
      assertThat(item).as(row.template()).isNotNull();
      assertThat(item.containsKey(row.method().name().toLowerCase())).as("%s %s", row.method(), row.template()).isTrue();
    }
    assertThat(routes.serving(GET, "/api/auth/me/").template()).isEqualTo(GatewayRouter.AUTH + "me");
  }

  /** The schema of each record the auth routes carry names what its {@code toJson} writes. */
  @Test
  void theAuthRoutesSchemasNameWhatTheirRecordsRender() throws ReflectiveOperationException {
    for (Class<? extends BusMessage> message : AuthPaths.MESSAGES) {
      assertThat(MessageSchema.of(message).getJsonObject("properties").fieldNames()).as(message.getSimpleName())
          .containsExactlyElementsOf(sample(message).toJson().fieldNames());
    }
  }

  @Test
  void aDocumentedPathIsMatchedWithEachParameterTakenAsASample() {
    assertThat(OpenApiDocument.sample("/api/purchase-orders/{id}/submit/")).isEqualTo("/api/purchase-orders/1/submit/");
    assertThat(OpenApiDocument.sample("/api/docs/assets/{file}")).isEqualTo("/api/docs/assets/1");
    assertThat(OpenApiDocument.method("patch")).isEqualTo(io.vertx.core.http.HttpMethod.PATCH);
    assertThat(OpenApiDocument.method("parameters")).isNull();
  }

  /** An instance of {@code message} with a value in every component. */
  private static BusMessage sample(Class<? extends BusMessage> message) throws ReflectiveOperationException {
    RecordComponent[] components = message.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(components[i].getGenericType());
    }
    Constructor<? extends BusMessage> canonical = message.getDeclaredConstructor(types);
    return canonical.newInstance(values);
  }

  private static Object value(Type type) {
    if (type == String.class) return "x";
    if (type == long.class || type == Long.class) return 1L;
    if (type == int.class || type == Integer.class) return 1;
    if (type == boolean.class || type == Boolean.class) return true;
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) return List.of("x");
    if (type instanceof ParameterizedType p && p.getRawType() == Set.class) return Set.of("x");
    throw new IllegalArgumentException("no sample of " + type);
  }
}
