package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DemoDataTest {
  static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
  static final RequestContext CONTEXT = new RequestContext("demo-test", Caller.SYSTEM, TestServices.SIGNING);

  /** Stands in for the entity service: counts suppliers, numbers what it creates, refuses what {@code refuse} matches. */
  static final class FakeEntities {
    final Map<String, List<JsonObject>> created = new HashMap<>();
    long nextId = 100;

    FakeEntities(Vertx vertx, int existingSuppliers, Predicate<JsonObject> refuse) {
      vertx.eventBus().<JsonObject>consumer(ResourceClient.ENTITIES_ADDRESS, msg -> {
        ResourceRequest request = ResourceRequest.fromJson(msg.headers().get(Actions.HEADER), msg.body());
        String resource = request == null ? null : request.resource();
        switch (msg.headers().get(Actions.HEADER)) {
          case ResourceRequest.LIST -> msg.reply(new JsonObject().put("count", existingSuppliers).put("results", new JsonArray()).toBuffer());
          case ResourceRequest.CREATE -> {
            JsonObject data = ((ResourceRequest.Create) request).data();
            if (refuse.test(data)) {
              msg.fail(400, new JsonObject().put("code", new JsonArray().add("refused")).encode());
            } else {
              JsonObject record = data.copy().put("id", nextId++);
              created.computeIfAbsent(resource, r -> new ArrayList<>()).add(record);
              msg.reply(record.toBuffer(), new ResourceReply(record.toBuffer(), record.getLong("id"), 1L).deliveryOptions());
            }
          }
          default -> msg.fail(400, "unexpected action");
        }
      });
    }

    List<JsonObject> of(String resource) {
      return created.getOrDefault(resource, List.of());
    }
  }

  @Test
  void theSampleRecordsFollowTheResourceRules() {
    Set<String> countries = Set.of(Locale.getISOCountries());
    Set<String> codes = new HashSet<>();
    for (JsonObject s : DemoData.suppliers()) {
      assertThat(s.getString("code")).matches("[A-Z0-9-]{1,32}");
      assertThat(codes.add(s.getString("code"))).isTrue();
      assertThat(s.getString("name")).isNotBlank().hasSizeLessThanOrEqualTo(200);
      assertThat(s.getString("phone")).hasSizeLessThanOrEqualTo(40);
      assertThat(s.getString("tax_id")).hasSizeLessThanOrEqualTo(40);
      assertThat(countries).contains(s.getString("country"));
      assertThat(s.getString("email")).matches("[a-z.-]+@[a-z.-]+\\.example");
    }
    Map<String, String> supplierOfSku = new HashMap<>();
    for (JsonObject p : DemoData.products()) {
      assertThat(p.getString("sku")).isNotBlank().hasSizeLessThanOrEqualTo(64);
      assertThat(supplierOfSku.put(p.getString("sku"), p.getString("supplier"))).isNull();
      assertThat(codes).contains(p.getString("supplier"));
      assertThat(p.getString("name")).hasSizeLessThanOrEqualTo(200);
      assertThat(p.getString("category")).hasSizeLessThanOrEqualTo(100);
      assertThat(p.getString("unit")).isIn("pcs", "kg", "l", "m", "box");
      assertThat(p.getString("unit_price")).matches("\\d{1,10}\\.\\d{2}");
      assertThat(Currency.getInstance(p.getString("currency")).getCurrencyCode()).isEqualTo(p.getString("currency"));
      assertThat(p.getInteger("stock_quantity")).isNotNegative();
      assertThat(p.getInteger("reorder_level")).isNotNegative();
    }
    assertThat(DemoData.suppliers()).hasSize(5);
    assertThat(DemoData.products()).hasSize(20);
    List<JsonObject> orders = DemoData.orders(TODAY);
    assertThat(orders).hasSize(3);
    for (JsonObject o : orders) {
      assertThat(codes).contains(o.getString("supplier"));
      assertThat(LocalDate.parse(o.getString("expected_date"))).isAfter(TODAY);
      Currency.getInstance(o.getString("currency"));
      assertThat(o.getJsonArray("lines")).isNotEmpty();
      for (Object l : o.getJsonArray("lines")) {
        JsonObject line = (JsonObject) l;
        assertThat(supplierOfSku.get(line.getString("sku"))).as("supplier of %s", line).isEqualTo(o.getString("supplier"));
        assertThat(new java.math.BigDecimal(line.getString("quantity"))).isPositive();
        assertThat(new java.math.BigDecimal(line.getString("quantity")).scale()).isLessThanOrEqualTo(3);
      }
    }
  }

  @Test
  void loadsEverythingIntoAnEmptyDatabaseWithTheIdsItGetsBack(Vertx vertx) {
    FakeEntities entities = new FakeEntities(vertx, 0, data -> false);

    DemoData.Summary summary = new DemoData(new ResourceClient(vertx, 5000), CLOCK, CONTEXT).loadIfEmpty().await();

    assertThat(summary).isEqualTo(new DemoData.Summary(5, 20, 3, 0, null));
    Map<Long, String> supplierCodeById = new HashMap<>();
    entities.of("suppliers").forEach(s -> supplierCodeById.put(s.getLong("id"), s.getString("code")));
    Map<Long, Long> supplierIdOfProduct = new HashMap<>();
    for (JsonObject p : entities.of("products")) {
      assertThat(p.containsKey("supplier")).isFalse();
      assertThat(supplierCodeById).containsKey(p.getLong("supplier_id"));
      supplierIdOfProduct.put(p.getLong("id"), p.getLong("supplier_id"));
    }
    for (JsonObject o : entities.of("purchase-orders")) {
      assertThat(o.containsKey("supplier")).isFalse();
      for (Object l : o.getJsonArray("lines")) {
        JsonObject line = (JsonObject) l;
        assertThat(line.fieldNames()).containsExactlyInAnyOrder("product_id", "quantity");
        assertThat(supplierIdOfProduct.get(line.getLong("product_id"))).isEqualTo(o.getLong("supplier_id"));
      }
    }
  }

  @Test
  void leavesADatabaseWithSuppliersAlone(Vertx vertx) {
    FakeEntities entities = new FakeEntities(vertx, 3, data -> false);

    DemoData.Summary summary = new DemoData(new ResourceClient(vertx, 5000), CLOCK, CONTEXT).loadIfEmpty().await();

    assertThat(summary.skipped()).contains("already has suppliers");
    assertThat(entities.created).isEmpty();
  }

  @Test
  void aFailedCreateSkipsWhatDependsOnItAndGoesOn(Vertx vertx) {
    FakeEntities entities = new FakeEntities(vertx, 0, data -> "DELTA-ELEC".equals(data.getString("code")));

    DemoData.Summary summary = new DemoData(new ResourceClient(vertx, 5000), CLOCK, CONTEXT).loadIfEmpty().await();

    // DELTA-ELEC refused: its 4 products and its 1 order are skipped, everything else is created
    assertThat(summary).isEqualTo(new DemoData.Summary(4, 16, 2, 1 + 4 + 1, null));
    assertThat(entities.of("products")).noneMatch(p -> p.getString("sku").startsWith("DE-"));
  }

  @Test
  void anAbsentEntityServiceIsNotFatal(Vertx vertx) {
    DemoData.Summary summary = new DemoData(new ResourceClient(vertx, 5000), CLOCK, CONTEXT).loadIfEmpty().await();

    assertThat(summary.skipped()).contains("did not answer");
  }
}
