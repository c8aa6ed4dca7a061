package dev.orderly.app;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sample records for {@code run --demo}: 5 suppliers, 20 products (4 per supplier) and 3 draft purchase
 * orders, created through the entity service over the event bus, only when there is no supplier yet.
 * Products name their supplier by code and order lines their product by SKU; the ids are filled in
 * from the replies. A create that fails is logged and skipped (with whatever depends on it), never fatal.
 */
public final class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);
  static final String REQUEST_ID = "demo-data";
  static final String SUPPLIERS = "suppliers";
  static final String PRODUCTS = "products";
  static final String PURCHASE_ORDERS = "purchase-orders";

  /** What a load did. {@code skipped} says why nothing was attempted, or is null. */
  public record Summary(int suppliers, int products, int orders, int failures, String skipped) {}

  private final ResourceClient entities;
  private final RequestContext context;
  private final Clock clock;

  /** Loads as the node itself: {@link Caller#SYSTEM}, signed with {@code signing}. */
  public DemoData(Vertx vertx, long timeoutMs, CallerSigning signing) {
    this(new ResourceClient(vertx, timeoutMs), Clock.systemUTC(), new RequestContext(REQUEST_ID, Caller.SYSTEM, signing));
  }

  DemoData(ResourceClient entities, Clock clock, RequestContext context) {
    this.entities = entities;
    this.clock = clock;
    this.context = context;
  }

  /** Loads the sample records unless a supplier exists; never fails. */
  public Future<Summary> loadIfEmpty() {
    JsonObject params = new JsonObject().put("page_size", new JsonArray().add("1"));
    return entities.list(new ResourceRequest.ListPage(SUPPLIERS, params, "http://localhost/api/suppliers/?page_size=1"), context)
        .map(reply -> reply.json().getLong("count", 0L))
        .compose(count -> {
          if (count == 0) return load();
          log.info("Demo data not loaded: the database already has suppliers");
          return Future.succeededFuture(skipped("the database already has suppliers"));
        }, e -> {
          log.warn("Demo data not loaded: the entity service did not answer ({})", e.getMessage());
          return Future.succeededFuture(skipped("the entity service did not answer"));
        })
        .onSuccess(s -> {
          if (s.skipped() == null) log.info("Demo data loaded: {} suppliers, {} products, {} purchase orders, {} failed",
              s.suppliers(), s.products(), s.orders(), s.failures());
        });
  }

  private Future<Summary> load() {
    Map<String, Long> supplierIds = new HashMap<>();
    Map<String, Long> productIds = new HashMap<>();
    int[] failures = {0};
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject supplier : suppliers()) {
      chain = chain.compose(v -> create(SUPPLIERS, supplier, supplier.getString("code"), supplierIds, failures));
    }
    for (JsonObject product : products()) {
      chain = chain.compose(v -> {
        Long supplierId = supplierIds.get(product.getString("supplier"));
        if (supplierId == null) return skip(PRODUCTS, product.getString("sku"), failures);
        JsonObject data = product.copy().put("supplier_id", supplierId);
        data.remove("supplier");
        return create(PRODUCTS, data, product.getString("sku"), productIds, failures);
      });
    }
    Map<String, Long> orderIds = new HashMap<>();
    List<JsonObject> orders = orders(LocalDate.now(clock));
    for (int i = 0; i < orders.size(); i++) {
      JsonObject order = orders.get(i);
      String label = "order " + (i + 1);
      chain = chain.compose(v -> {
        Long supplierId = supplierIds.get(order.getString("supplier"));
        if (supplierId == null) return skip(PURCHASE_ORDERS, label, failures);
        JsonArray lines = new JsonArray();
        for (Object o : order.getJsonArray("lines")) {
          JsonObject line = (JsonObject) o;
          Long productId = productIds.get(line.getString("sku"));
          if (productId == null) return skip(PURCHASE_ORDERS, label, failures);
          lines.add(new JsonObject().put("product_id", productId).put("quantity", line.getString("quantity")));
        }
        JsonObject data = order.copy().put("supplier_id", supplierId).put("lines", lines);
        data.remove("supplier");
        return create(PURCHASE_ORDERS, data, label, orderIds, failures);
      });
    }
    return chain.map(v -> new Summary(supplierIds.size(), productIds.size(), orderIds.size(), failures[0], null));
  }

  private Future<Void> create(String resource, JsonObject data, String key, Map<String, Long> ids, int[] failures) {
    return entities.create(resource, data, context)
        .map(reply -> {
          ids.put(key, reply.id());
          return (Void) null;
        })
        .otherwise(e -> {
          failures[0]++;
          log.warn("Demo data: creating {} {} failed: {}", resource, key, e.getMessage());
          return null;
        });
  }

  private static Future<Void> skip(String resource, String key, int[] failures) {
    failures[0]++;
    log.warn("Demo data: skipped {} {}: what it refers to was not created", resource, key);
    return Future.succeededFuture();
  }

  private static Summary skipped(String why) {
    return new Summary(0, 0, 0, 0, why);
  }

  static List<JsonObject> suppliers() {
    return List.of(
        supplier("NORD-STEEL", "Nordic Steel Components AB", "orders@nordic-steel.example", "+46 31 555 0100", "SE", "SE556677889901"),
        supplier("ALPINE-PACK", "Alpine Packaging GmbH", "sales@alpine-pack.example", "+43 1 555 0200", "AT", "ATU12345678"),
        supplier("IBERIA-FOODS", "Iberia Foods S.L.", "pedidos@iberia-foods.example", "+34 91 555 0300", "ES", "ESB12345678"),
        supplier("DELTA-ELEC", "Delta Electronics Ltd", "trade@delta-elec.example", "+44 20 5550 0400", "GB", "GB123456789"),
        supplier("BALTIC-CHEM", "Baltic Chemicals SIA", "info@baltic-chem.example", "+371 6 555 0500", "LV", "LV40003123456"));
  }

  static List<JsonObject> products() {
    return List.of(
        product("NS-BOLT-M8", "Hex bolt M8x40, zinc plated", "Fasteners", "box", "12.50", "EUR", "NORD-STEEL", 120, 20),
        product("NS-NUT-M8", "Hex nut M8, zinc plated", "Fasteners", "box", "6.90", "EUR", "NORD-STEEL", 150, 20),
        product("NS-ROD-12", "Steel rod 12 mm", "Raw material", "m", "3.40", "EUR", "NORD-STEEL", 800, 100),
        product("NS-SHEET-2", "Steel sheet 2 mm", "Raw material", "kg", "1.85", "EUR", "NORD-STEEL", 2500, 500),
        product("AP-BOX-S", "Shipping box, small", "Packaging", "pcs", "0.45", "EUR", "ALPINE-PACK", 4000, 1000),
        product("AP-BOX-L", "Shipping box, large", "Packaging", "pcs", "0.95", "EUR", "ALPINE-PACK", 2500, 500),
        product("AP-TAPE-50", "Packing tape 50 mm", "Packaging", "pcs", "2.10", "EUR", "ALPINE-PACK", 600, 100),
        product("AP-WRAP-500", "Stretch wrap 500 mm", "Packaging", "m", "0.08", "EUR", "ALPINE-PACK", 10000, 2000),
        product("IF-OIL-5L", "Olive oil, 5 l can", "Food", "pcs", "32.00", "EUR", "IBERIA-FOODS", 80, 20),
        product("IF-RICE-25", "Rice, 25 kg sack", "Food", "pcs", "41.50", "EUR", "IBERIA-FOODS", 40, 10),
        product("IF-SALT", "Sea salt", "Food", "kg", "0.90", "EUR", "IBERIA-FOODS", 300, 50),
        product("IF-VINEGAR", "Sherry vinegar", "Food", "l", "4.75", "EUR", "IBERIA-FOODS", 120, 24),
        product("DE-CABLE-CAT6", "Network cable Cat 6", "Electronics", "m", "0.60", "GBP", "DELTA-ELEC", 1500, 300),
        product("DE-PSU-60W", "Power supply 24 V 60 W", "Electronics", "pcs", "18.20", "GBP", "DELTA-ELEC", 60, 15),
        product("DE-RELAY-24", "Relay 24 V DC", "Electronics", "pcs", "3.15", "GBP", "DELTA-ELEC", 400, 50),
        product("DE-FUSE-10A", "Fuse 10 A, pack of 10", "Electronics", "box", "5.40", "GBP", "DELTA-ELEC", 90, 20),
        product("BC-IPA-5L", "Isopropyl alcohol, 5 l", "Chemicals", "pcs", "21.00", "EUR", "BALTIC-CHEM", 50, 10),
        product("BC-GLOVES-L", "Nitrile gloves L, box of 100", "Safety", "box", "7.80", "EUR", "BALTIC-CHEM", 200, 40),
        product("BC-DEGREASER", "Industrial degreaser", "Chemicals", "l", "6.30", "EUR", "BALTIC-CHEM", 150, 30),
        product("BC-ABSORB", "Oil absorbent granules", "Chemicals", "kg", "1.20", "EUR", "BALTIC-CHEM", 500, 100));
  }

  /** Draft orders; every line's product belongs to the order's supplier, and expected dates lie ahead of {@code today}. */
  static List<JsonObject> orders(LocalDate today) {
    return List.of(
        order("NORD-STEEL", "EUR", today.plusDays(14), "Fasteners for the spring production run",
            line("NS-BOLT-M8", "10"), line("NS-NUT-M8", "10"), line("NS-ROD-12", "120.5")),
        order("ALPINE-PACK", "EUR", today.plusDays(7), "Monthly packaging refill",
            line("AP-BOX-S", "2000"), line("AP-TAPE-50", "48")),
        order("DELTA-ELEC", "GBP", today.plusDays(30), "Spare parts for the control cabinets",
            line("DE-PSU-60W", "12"), line("DE-RELAY-24", "100"), line("DE-FUSE-10A", "5")));
  }

  private static JsonObject supplier(String code, String name, String email, String phone, String country, String taxId) {
    return new JsonObject().put("code", code).put("name", name).put("email", email).put("phone", phone)
        .put("country", country).put("tax_id", taxId).put("active", true);
  }

  private static JsonObject product(String sku, String name, String category, String unit, String unitPrice,
                                    String currency, String supplierCode, int stock, int reorderLevel) {
    return new JsonObject().put("sku", sku).put("name", name).put("category", category).put("unit", unit)
        .put("unit_price", unitPrice).put("currency", currency).put("supplier", supplierCode)
        .put("stock_quantity", stock).put("reorder_level", reorderLevel).put("active", true);
  }

  private static JsonObject order(String supplierCode, String currency, LocalDate expected, String notes, JsonObject... lines) {
    return new JsonObject().put("supplier", supplierCode).put("currency", currency)
        .put("expected_date", expected.toString()).put("notes", notes).put("lines", new JsonArray(List.of((Object[]) lines)));
  }

  private static JsonObject line(String sku, String quantity) {
    return new JsonObject().put("sku", sku).put("quantity", quantity);
  }
}
