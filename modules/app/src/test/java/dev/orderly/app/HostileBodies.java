package dev.orderly.app;

import static dev.orderly.app.HostileValues.pick;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes ({@code POST} to a list, {@code PUT}/{@code PATCH} to a record) whose body is valid but for one
 * hostile part: so each is refused whole, and a fuzz run that sees a row change has found a write that
 * should not have happened.
 */
final class HostileBodies {
  static final List<String> RESOURCES = List.of("suppliers", "products", "purchase-orders", "users", "groups");
  private static final List<HttpMethod> WRITES = List.of(POST, PUT, PATCH);
  private static final Map<String, List<String>> TEXT_FIELDS = Map.of(
      "suppliers", List.of("code", "name", "email", "phone", "country", "tax_id", "notes"),
      "products", List.of("sku", "name", "description", "category", "unit", "currency"),
      "purchase-orders", List.of("currency", "notes"),
      "users", List.of("username", "email", "first_name", "last_name", "password"),
      "groups", List.of("name"));
  /** Fields with a maximum length, and that maximum (API.md, Django's user model). */
  private static final Map<String, Map<String, Integer>> LIMITED = Map.of(
      "suppliers", Map.of("code", 32, "name", 200, "phone", 40, "tax_id", 40),
      "products", Map.of("sku", 64, "name", 200, "category", 100),
      "users", Map.of("username", 150, "first_name", 150, "last_name", 150, "email", 254),
      "groups", Map.of("name", 150));

  private final SplittableRandom random;
  private final Map<String, Long> ids;
  private int serial;

  HostileBodies(SplittableRandom random, Map<String, Long> ids) {
    this.random = random;
    this.ids = ids;
  }

  /** A write of {@code resource} whose body has {@code field} set to {@code json}. */
  Hostile.Builder write(String kind, String resource, String field, String json) {
    HttpMethod method = pick(random, WRITES);
    String uri = method == POST ? "/api/" + resource + "/" : "/api/" + resource + "/" + ids.get(resource) + "/";
    Map<String, String> body = method == PATCH && random.nextBoolean() ? new LinkedHashMap<>() : valid(resource);
    body.put(field, json);
    return Hostile.of(kind, method, uri).json(object(body));
  }

  Hostile unstorableText() {
    String resource = pick(random, RESOURCES);
    if (random.nextInt(5) == 0 && (resource.equals("users") || resource.equals("groups"))) {
      return write("unstorable text", resource, "permissions", "[" + pick(random, HostileValues.UNSTORABLE_JSON) + "]").expect(400).build();
    }
    return write("unstorable text", resource, pick(random, TEXT_FIELDS.get(resource)), pick(random, HostileValues.UNSTORABLE_JSON))
        .expect(400).build();
  }

  Hostile badInteger() {
    String bad = pick(random, HostileValues.BAD_INTEGERS_JSON);
    return switch (random.nextInt(4)) {
      case 0 -> write("bad integer", "products", pick(random, List.of("stock_quantity", "reorder_level")), bad).expect(400).build();
      case 1 -> write("bad integer", "products", "supplier_id", bad).expect(400).build();
      case 2 -> write("bad integer", "purchase-orders", "supplier_id", bad).expect(400).build();
      default -> write("bad integer", "purchase-orders", "lines", "[{\"product_id\": " + bad + ", \"quantity\": \"1\"}]").expect(400).build();
    };
  }

  Hostile badDecimal() {
    if (random.nextBoolean()) return write("bad decimal", "products", "unit_price", pick(random, HostileValues.BAD_DECIMALS_JSON)).expect(400).build();
    return write("bad decimal", "purchase-orders", "lines", "[{\"product_id\": " + ids.get("products") + ", \"quantity\": "
        + pick(random, HostileValues.BAD_QUANTITIES_JSON) + "}]").expect(400).build();
  }

  Hostile badDateOrBoolean() {
    if (random.nextInt(3) == 0) {
      String resource = pick(random, List.of("suppliers", "products", "users"));
      String field = resource.equals("users") ? pick(random, List.of("is_active", "is_staff", "is_superuser")) : "active";
      return write("bad date or boolean", resource, field, pick(random, HostileValues.BAD_BOOLEANS_JSON)).expect(400).build();
    }
    if (random.nextInt(4) == 0) {
      // a real date, but before the order date
      Map<String, String> body = valid("purchase-orders");
      body.put("order_date", "\"2024-05-02\"");
      body.put("expected_date", "\"2024-05-01\"");
      return Hostile.of("bad date or boolean", POST, "/api/purchase-orders/").json(object(body)).expect(400).build();
    }
    return write("bad date or boolean", "purchase-orders", pick(random, List.of("order_date", "expected_date")),
        pick(random, HostileValues.BAD_DATES_JSON)).expect(400).build();
  }

  /** Over-long text, huge lists, a body over MAX_BODY_SIZE. */
  Hostile oversized() {
    int roll = random.nextInt(20);
    if (roll == 0) {
      String big = "x".repeat(1024 * 1024 + random.nextInt(1024));
      return write("oversized values", "suppliers", "notes", "\"" + big + "\"").expect(413).build();
    }
    if (roll <= 2) {
      StringBuilder lines = new StringBuilder("[");
      for (int i = 0; i < 2000; i++) lines.append(i == 0 ? "" : ",").append("{\"product_id\": 0, \"quantity\": \"1\"}");
      return write("oversized values", "purchase-orders", "lines", lines.append(']').toString()).expect(400).build();
    }
    String resource = pick(random, List.copyOf(LIMITED.keySet()));
    Map<String, Integer> fields = LIMITED.get(resource);
    String field = pick(random, List.copyOf(fields.keySet()));
    int length = fields.get(field) + 1 + random.nextInt(random.nextBoolean() ? 3 : 5000);
    // code points past the BMP count once each, as Django counts characters
    String unit = field.equals("code") || field.equals("email") ? "A" : pick(random, List.of("a", "é", "\uD83D\uDE00"));
    String value = field.equals("email") ? "a".repeat(length - 12) + "@example.com" : unit.repeat(length);
    return write("oversized values", resource, field, "\"" + value + "\"").expect(400).build();
  }

  /** Bodies that are not JSON, not an object, or not UTF-8. */
  Hostile malformed() {
    String resource = pick(random, RESOURCES);
    HttpMethod method = pick(random, WRITES);
    String uri = method == POST ? "/api/" + resource + "/" : "/api/" + resource + "/" + ids.get(resource) + "/";
    Hostile.Builder request = Hostile.of("malformed JSON", method, uri);
    return switch (random.nextInt(4)) {
      case 0 -> request.bytes(Buffer.buffer("{\"name\": \"").appendBytes(pick(random, List.of(
          new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0x80},
          new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0x80}))).appendString("\"}")).expect(400).build();
      case 1 -> request.bytes(Buffer.buffer(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'})).expect(400).build();
      default -> request.json(pick(random, HostileValues.MALFORMED_JSON)).expect(400).build();
    };
  }

  /** Arrays and objects nested far deeper than any body needs, alone or inside a field. */
  Hostile deeplyNested() {
    int depth = pick(random, List.of(1001, 5000, 50_000, 200_000));
    String open = random.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    String nested = open.repeat(depth) + close.repeat(depth);
    if (random.nextBoolean()) return write("deep nesting", pick(random, RESOURCES), "name", nested).expect(400, 413).build();
    return Hostile.of("deep nesting", POST, "/api/" + pick(random, RESOURCES) + "/").json(nested).expect(400, 413).build();
  }

  /**
   * Numbers of hundreds to 100 000 digits or with enormous exponents. Not 400 nines after "0." nor an exponent
   * of -2147483649: a JSON number is a double, as in Python's parser, so those are 1.0 and 0.0, which DRF takes.
   */
  Hostile hugeNumber() {
    String digits = "9".repeat(pick(random, List.of(400, 1001, 5000, 100_000)));
    List<String> forms = digits.length() > 1000 ? List.of(digits, "-" + digits, "1e" + digits, "0." + digits, digits + ".5e99999")
        : List.of(digits, "-" + digits, "1e" + digits, digits + ".5e99999");
    String number = pick(random, forms);
    String field = pick(random, List.of("unit_price", "stock_quantity", "supplier_id", "reorder_level"));
    return write("huge numbers", "products", field, number).expect(400, 413).build();
  }

  /** A valid body sent as something other than JSON. */
  Hostile wrongContentType() {
    String resource = pick(random, RESOURCES);
    String type = pick(random, List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
        "application/xml", "application/json-patch+json", "text/json", "", "application", "*/*", "application/jsonx"));
    return Hostile.of("wrong content type", POST, "/api/" + resource + "/").header("Content-Type", type)
        .json(object(valid(resource))).expect(400, 415).build();
  }

  /** Fields that make a create of {@code resource} succeed (unique values differ each time). */
  Map<String, String> valid(String resource) {
    int n = ++serial;
    Map<String, String> body = new LinkedHashMap<>();
    switch (resource) {
      case "suppliers" -> {
        body.put("code", "\"FZ-" + n + "\"");
        body.put("name", "\"Fuzz " + n + "\"");
      }
      case "products" -> {
        body.put("sku", "\"FZ-" + n + "\"");
        body.put("name", "\"Fuzz " + n + "\"");
        body.put("unit_price", "\"1.00\"");
        body.put("supplier_id", String.valueOf(ids.get("suppliers")));
      }
      case "purchase-orders" -> {
        body.put("supplier_id", String.valueOf(ids.get("suppliers")));
        body.put("lines", "[{\"product_id\": " + ids.get("products") + ", \"quantity\": \"1\"}]");
      }
      case "users" -> {
        body.put("username", "\"fuzz" + n + "\"");
        body.put("email", "\"fuzz" + n + "@example.com\"");
      }
      default -> body.put("name", "\"fuzz-" + n + "\"");
    }
    return body;
  }

  static String object(Map<String, String> fields) {
    StringBuilder json = new StringBuilder("{");
    fields.forEach((name, value) -> json.append(json.length() == 1 ? "" : ", ").append('"').append(name).append("\": ").append(value));
    return json.append('}').toString();
  }
}
