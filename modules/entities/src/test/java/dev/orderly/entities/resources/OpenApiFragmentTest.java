package dev.orderly.entities.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.openapi.OpenApiFragment;
import dev.orderly.core.resource.query.QueryParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI fragment says exactly what the server accepts, because both read the same definitions. */
class OpenApiFragmentTest {
  private final JsonObject fragment = OpenApiFragment.of(Resources.ALL);

  @Test
  void everyResourceHasItsCollectionAndRecordRoutes() {
    for (ResourceDef def : Resources.ALL) {
      JsonObject collection = fragment.getJsonObject("paths").getJsonObject("/api/" + def.name() + "/");
      JsonObject record = fragment.getJsonObject("paths").getJsonObject("/api/" + def.name() + "/{id}/");
      assertThat(collection.fieldNames()).containsExactlyInAnyOrder("get", "post");
      assertThat(record.fieldNames()).containsExactlyInAnyOrder("get", "put", "patch", "delete");
      assertThat(record.getJsonObject("delete").getJsonObject("responses").fieldNames()).contains("204", "404", "409", "412");
    }
  }

  @Test
  void everyResourceHasItsHistory() {
    for (ResourceDef def : Resources.ALL) {
      JsonObject get = fragment.getJsonObject("paths").getJsonObject("/api/" + def.name() + "/{id}/history/").getJsonObject("get");
      assertThat(get.getString("operationId")).isEqualTo(def.table() + "_history");
      assertThat(get.getJsonObject("responses").fieldNames()).contains("200", "403", "404").doesNotContain("409", "412");
      JsonObject schema = get.getJsonObject("responses").getJsonObject("200").getJsonObject("content")
          .getJsonObject("application/json").getJsonObject("schema");
      assertThat(schema.getString("type")).isEqualTo("array");
      assertThat(schema.getJsonObject("items").getString("$ref")).isEqualTo("#/components/schemas/HistoryEntry");
    }
    assertThat(fragment.getJsonObject("schemas").getJsonObject("HistoryEntry").getJsonArray("required"))
        .containsExactly("at", "actor", "action", "from", "to", "comment", "changes");
  }

  @Test
  void theWorkflowTransitionsAreDocumentedWithTheirCommentAndOnlyForAResourceWithAWorkflow() {
    JsonObject paths = fragment.getJsonObject("paths");
    for (String transition : List.of("submit", "approve", "reject", "cancel")) {
      JsonObject post = paths.getJsonObject("/api/purchase-orders/{id}/" + transition + "/").getJsonObject("post");
      assertThat(post.getJsonObject("responses").fieldNames()).as(transition).contains("200", "400", "403", "404", "409", "412");
      assertThat(post.getJsonArray("parameters").stream().map(p -> ((JsonObject) p).getString("name"))).containsExactly("id", "If-Match");
      JsonObject body = post.getJsonObject("requestBody");
      JsonObject schema = body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
      assertThat(schema.getJsonObject("properties").fieldNames()).containsExactly("comment");
      boolean required = transition.equals("reject");
      assertThat(body.getBoolean("required")).as(transition).isEqualTo(required);
      assertThat(schema.getJsonArray("required", new JsonArray()).contains("comment")).as(transition).isEqualTo(required);
    }
    assertThat(paths.fieldNames()).filteredOn(p -> p.startsWith("/api/suppliers/") || p.startsWith("/api/products/"))
        .containsExactlyInAnyOrder("/api/suppliers/", "/api/suppliers/{id}/", "/api/suppliers/{id}/history/",
            "/api/suppliers/export/", "/api/suppliers/import/",
            "/api/products/", "/api/products/{id}/", "/api/products/{id}/history/", "/api/products/export/", "/api/products/import/");
    assertThat(paths.fieldNames()).as("orders have lines: no import").contains("/api/purchase-orders/export/")
        .doesNotContain("/api/purchase-orders/import/");
  }

  @Test
  void everyDocumentedListParameterIsAcceptedAndEveryFilterIsDocumented() {
    for (ResourceDef def : Resources.ALL) {
      JsonArray params = fragment.getJsonObject("paths").getJsonObject("/api/" + def.name() + "/")
          .getJsonObject("get").getJsonArray("parameters");
      int filters = 0;
      for (Object o : params) {
        String name = ((JsonObject) o).getString("name");
        if (QueryParser.RESERVED.contains(name)) continue;
        filters++;
        // an empty value is ignored, so only the name is checked: an unknown one would be a 400
        QueryParser.parse(def, new JsonObject().put(name, new JsonArray().add("")));
      }
      long expected = def.fields().values().stream().mapToLong(f -> f.type().lookups().size()).sum();
      assertThat(filters).isEqualTo(expected);
    }
  }

  @Test
  void listParametersComeInLookupDeclarationOrderSoEveryNodeDescribesTheSameDocument() {
    JsonArray params = fragment.getJsonObject("paths").getJsonObject("/api/products/").getJsonObject("get").getJsonArray("parameters");
    java.util.List<String> price = params.stream().map(o -> ((JsonObject) o).getString("name"))
        .filter(n -> n.equals("unit_price") || n.startsWith("unit_price__")).toList();
    assertThat(price).containsExactly("unit_price", "unit_price__gt", "unit_price__gte", "unit_price__lt", "unit_price__lte",
        "unit_price__in", "unit_price__isnull");
  }

  @Test
  void writeSchemasListRequiredFieldsAndLeaveReadOnlyOnesOut() {
    JsonObject schemas = fragment.getJsonObject("schemas");
    JsonObject product = schemas.getJsonObject("ProductWrite");
    assertThat(product.getJsonArray("required")).containsExactlyInAnyOrder("sku", "name", "unit_price", "supplier_id");
    assertThat(product.getJsonObject("properties").fieldNames()).doesNotContain("id", "version", "created_at");
    JsonObject order = schemas.getJsonObject("PurchaseOrder").getJsonObject("properties");
    assertThat(order.getJsonObject("number").getBoolean("readOnly")).isTrue();
    assertThat(order.getJsonObject("lines").getString("type")).isEqualTo("array");
    assertThat(schemas.getJsonObject("Supplier").getJsonObject("properties").getJsonObject("code").getString("pattern"))
        .isEqualTo("^[A-Z0-9-]{1,32}$");
  }
}
