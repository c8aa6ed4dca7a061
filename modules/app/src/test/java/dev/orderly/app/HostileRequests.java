package dev.orderly.app;

import static dev.orderly.app.HostileValues.pick;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.HEAD;
import static io.vertx.core.http.HttpMethod.OPTIONS;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A seeded generator of hostile requests over many kinds (API.md's error table and "Details settled"): each
 * is refused, or is a read; none may write a row, answer 5xx or leave DRF's error shapes. The same seed
 * gives the same requests.
 */
final class HostileRequests {
  /** The kinds, each with how it builds one request. */
  enum Kind {
    UNSTORABLE_TEXT_IN_BODIES(g -> g.bodies.unstorableText()),
    UNSTORABLE_TEXT_IN_FILTERS(HostileRequests::unstorableFilter),
    HOSTILE_CREDENTIALS(HostileRequests::credentials),
    OUT_OF_RANGE_INTEGERS(g -> g.random.nextBoolean() ? g.bodies.badInteger() : g.badFilter("integer")),
    BAD_DATES_AND_BOOLEANS(g -> g.random.nextInt(3) > 0 ? g.bodies.badDateOrBoolean() : g.badFilter("date")),
    BAD_DECIMALS(g -> g.random.nextBoolean() ? g.bodies.badDecimal() : g.badFilter("decimal")),
    ODD_IDS(HostileRequests::oddId),
    MALFORMED_JSON(g -> g.bodies.malformed()),
    DEEP_NESTING(g -> g.bodies.deeplyNested()),
    HUGE_NUMBERS(g -> g.bodies.hugeNumber()),
    BAD_PAGING(HostileRequests::badPaging),
    UNKNOWN_PARAMETERS(HostileRequests::unknownParameter),
    DUPLICATE_PARAMETERS(HostileRequests::duplicateParameter),
    ODD_METHODS(HostileRequests::oddMethod),
    BAD_TOKENS(HostileRequests::badToken),
    OVERSIZED_VALUES(g -> g.bodies.oversized()),
    STALE_PRECONDITIONS(HostileRequests::stalePrecondition),
    WRONG_CONTENT_TYPES(g -> g.bodies.wrongContentType()),
    HOSTILE_SEARCH_ORDERING_FIELDS(HostileRequests::hostileQuery),
    ILLEGAL_TRANSITIONS(HostileRequests::illegalTransition),
    HOSTILE_SIDE_ROUTES(HostileRequests::sideRoute);

    private final Function<HostileRequests, Hostile> make;

    Kind(Function<HostileRequests, Hostile> make) {
      this.make = make;
    }
  }

  private static final Map<String, List<String>> FILTERS = Map.of(
      "integer", List.of("products?stock_quantity__gt", "products?reorder_level", "products?id", "suppliers?id__lte",
          "purchase-orders?supplier_id", "products?supplier_id__in"),
      "decimal", List.of("products?unit_price", "products?unit_price__gte", "purchase-orders?total_amount__lt"),
      "date", List.of("purchase-orders?order_date", "purchase-orders?expected_date__gt", "suppliers?created_at__gt",
          "products?updated_at__lte", "users?date_joined__gte"));

  private final SplittableRandom random;
  private final Map<String, Long> ids;
  private final List<String> badTokens;
  private final HostileBodies bodies;

  /**
   * @param ids       a record id of each resource of {@link HostileBodies#RESOURCES} (a draft order for
   *                  purchase orders), by URL name
   * @param badTokens Authorization header values that must never authenticate
   */
  HostileRequests(long seed, Map<String, Long> ids, List<String> badTokens) {
    this.random = new SplittableRandom(seed);
    this.ids = ids;
    this.badTokens = badTokens;
    this.bodies = new HostileBodies(random, ids);
  }

  /** The next request; its kind reads {@code KIND: what it tries}. */
  Hostile next() {
    Kind[] kinds = Kind.values();
    Kind kind = kinds[random.nextInt(kinds.length)];
    Hostile made = kind.make.apply(this);
    return new Hostile(kind + ": " + made.kind(), made.method(), made.uri(), made.headers(), made.body(), made.expected());
  }

  private String resource() {
    return pick(random, HostileBodies.RESOURCES);
  }

  private String record(String resource) {
    return "/api/" + resource + "/" + ids.get(resource) + "/";
  }

  private Hostile unstorableFilter() {
    String value = pick(random, HostileValues.UNSTORABLE_QUERY);
    String filter = pick(random, List.of("suppliers?name", "suppliers?code__icontains", "products?sku__in", "users?username",
        "groups?name__icontains", "purchase-orders?notes__isnull", "suppliers?email"));
    String[] at = filter.split("\\?");
    // bytes that are not UTF-8 (a lone surrogate has no UTF-8 form) become U+FFFD, as Django decodes a query: they
    // then match nothing (200); a NUL is refused
    boolean nul = value.contains("%00");
    Hostile.Builder request = Hostile.of("unstorable text in filters", GET, "/api/" + at[0] + "/?" + at[1] + "=" + value);
    return (nul ? request.expect(400) : request.expect(200, 400)).build();
  }

  private Hostile badFilter(String type) {
    String[] at = pick(random, FILTERS.get(type)).split("\\?");
    List<String> values = switch (type) {
      case "integer" -> HostileValues.BAD_INTEGERS_QUERY;
      case "decimal" -> HostileValues.BAD_DECIMALS_QUERY;
      default -> at[1].contains("_at") || at[1].contains("date_joined") ? HostileValues.BAD_TIMESTAMPS_QUERY : HostileValues.BAD_DATES_QUERY;
    };
    String value = pick(random, values);
    if (at[1].endsWith("__in") && value.equals("1,2")) value = "1,x";
    String path = random.nextInt(8) == 0 ? "/api/" + at[0] + "/export?" : "/api/" + at[0] + "/?";
    return Hostile.of("bad " + type + " filters", GET, path + at[1] + "=" + value).expect(400).build();
  }

  private Hostile credentials() {
    String bad = pick(random, HostileValues.UNSTORABLE_JSON);
    String other = pick(random, List.of("42", "null", "[]", "{}", "true", "\"\"", bad));
    String body = switch (random.nextInt(4)) {
      case 0 -> "{\"username\": " + bad + ", \"password\": \"x\"}";
      case 1 -> "{\"username\": \"" + RunningOrderly.ADMIN + "\", \"password\": " + bad + "}";
      case 2 -> "{\"username\": " + other + ", \"password\": " + other + "}";
      default -> "{\"refresh\": " + pick(random, List.of(bad, other, "\"" + "r".repeat(5000) + "\"")) + "}";
    };
    String path = body.startsWith("{\"refresh\"") ? pick(random, List.of("/api/auth/refresh", "/api/auth/logout"))
        : pick(random, List.of("/api/auth/login", "/api/auth/session"));
    // logout needs a caller: with the superuser's token, a bad refresh is a 400 and revokes nothing
    return Hostile.of("hostile credentials", POST, path).json(body).expect(400, 401).build();
  }

  private Hostile oddId() {
    String id = pick(random, HostileValues.ODD_IDS);
    String resource = resource();
    HttpMethod method = pick(random, List.of(GET, GET, HEAD, PUT, PATCH, DELETE));
    String suffix = random.nextInt(5) == 0 ? pick(random, List.of("history", "submit", "approve")) + "/" : "";
    Hostile.Builder request = Hostile.of("odd ids", suffix.equals("submit/") || suffix.equals("approve/") ? POST : method,
        "/api/" + resource + "/" + id + "/" + suffix);
    if (method == PUT || method == PATCH) request.json(HostileBodies.object(bodies.valid(resource)));
    return request.expect(400, 404, 405).build();
  }

  private Hostile badPaging() {
    String page = pick(random, List.of("page=0", "page=-1", "page=abc", "page=1.5", "page=", "page=%00", "page=99999999999999999999",
        "page=2147483648", "page=9223372036854775808", "page=1e3", "page=%2B2", "page=last", "page=%D9%A1"));
    String size = pick(random, List.of("", "&page_size=0", "&page_size=-1", "&page_size=abc", "&page_size=1000000000000000000000",
        "&page_size=1001", "&page_size=%00", "&page_size=1e3"));
    return Hostile.of("bad paging", GET, "/api/" + resource() + "/?" + page + size).expect(200, 400, 404).build();
  }

  private Hostile unknownParameter() {
    String name = pick(random, List.of("foo", "name__regex", "name__icontains__x", "__class__", "id__gt__lt", "supplier__name",
        "password", "password__startswith", "created_at__year", "limit", "offset", "cursor", "NAME", "name%00", "%ED%A0%80",
        "page_size__gt", "lines__quantity", "id__range", "code__iexact", "is_superuser__in"));
    String resource = name.startsWith("password") || name.startsWith("is_superuser") ? "users" : resource();
    String path = random.nextInt(8) == 0 ? "/api/" + resource + "/export?" : "/api/" + resource + "/?";
    return Hostile.of("unknown parameters", GET, path + name + "=1").expect(400).build();
  }

  private Hostile duplicateParameter() {
    String query = pick(random, List.of("page=1&page=abc", "page=abc&page=1", "ordering=id&ordering=-id", "ordering=bogus&ordering=id",
        "name=a&name=b", "search=a&search=b", "fields=id&fields=bogus", "page_size=1&page_size=-1", "id=1&id=x",
        "id__in=1&id__in=2", "format=csv&format=bogus", "ordering=id&ordering=id", "fields=id,id,id"));
    String resource = resource();
    if (query.startsWith("name=") && !resource.equals("groups")) resource = "suppliers";
    String path = query.startsWith("format") ? "/api/" + resource + "/export?" : "/api/" + resource + "/?";
    return Hostile.of("duplicate parameters", GET, path + query).build();
  }

  private Hostile oddMethod() {
    HttpMethod method = pick(random, List.of(HttpMethod.TRACE, HttpMethod.PROPFIND, HttpMethod.MKCOL, HttpMethod.COPY,
        HttpMethod.LOCK, HttpMethod.valueOf("FOO"), HttpMethod.valueOf("PURGE"), PUT, PATCH, DELETE, POST, OPTIONS, HEAD));
    String resource = resource();
    String path = pick(random, List.of("/api/" + resource + "/", record(resource), "/api/auth/login", "/api/auth/me",
        "/health/live", "/api/schema", "/api/" + resource + "/export"));
    boolean safe = method == OPTIONS || method == HEAD;
    boolean listWrite = method == POST && path.equals("/api/" + resource + "/");
    boolean recordWrite = (method == PUT || method == PATCH || method == DELETE) && path.equals(record(resource));
    boolean login = method == POST && path.equals("/api/auth/login");
    if (method == DELETE && recordWrite) {
      // a delete reads no body: only a stale version stops it
      return Hostile.of("odd methods", method, path).header("If-Match", "\"66\"").json("{\"x\":").expect(412).build();
    }
    if (listWrite || recordWrite || login) {
      // those methods exist on those routes: make them odd another way, with a body that is refused
      return Hostile.of("odd methods", method, path).json("{\"x\":").expect(400).build();
    }
    return Hostile.of("odd methods", method, path).expect(safe ? new Integer[] {200, 404, 405} : new Integer[] {400, 404, 405, 501}).build();
  }

  private Hostile badToken() {
    String resource = resource();
    HttpMethod method = pick(random, List.of(GET, GET, POST, PATCH, DELETE));
    String path = method == POST ? "/api/" + resource + "/" : method == GET && random.nextBoolean() ? "/api/auth/me" : record(resource);
    Hostile.Builder request = Hostile.of("bad tokens", method, path);
    String token = pick(random, badTokens);
    if (random.nextInt(6) == 0) request.header("Cookie", "sessionid=" + token.substring(token.indexOf(' ') + 1));
    else request.header("Authorization", token);
    // a valid body: only authentication stands between it and a write
    if (method == POST || method == PATCH) request.json(HostileBodies.object(bodies.valid(resource)));
    return request.expect(401).build();
  }

  private Hostile stalePrecondition() {
    String resource = resource();
    HttpMethod method = pick(random, List.of(PUT, PATCH, DELETE));
    String tag = pick(random, List.of("\"99\"", "W/\"98\"", "\"\"", "garbage", "\"1", "1\"", "\"0\"", "\"-1\"",
        "\"99999999999999999999\"", "\"1 \"", ", ,", "\"50\", \"51\"", "\"%00\"", "\"1e0\"", "\"+1\"", "\"01\""));
    Hostile.Builder request = Hostile.of("stale preconditions", method, record(resource)).header("If-Match", tag);
    if (method != DELETE) {
      Map<String, String> body = bodies.valid(resource);
      // a valid write that the precondition alone refuses
      if (method == PATCH) body.keySet().retainAll(List.of(body.keySet().iterator().next()));
      request.json(HostileBodies.object(body));
    }
    return request.expect(412).build();
  }

  private Hostile hostileQuery() {
    String resource = resource();
    int roll = random.nextInt(3);
    if (roll == 0) {
      String search = pick(random, List.of("%25", "_", "%5C", "%27", "%22", "%3B--", "%25%25%25", "a".repeat(3000), "%E2%80%AE",
          "%F0%9F%92%A9", "%2A", "%5B%5D", "%00%25"));
      return Hostile.of("hostile search, ordering, fields", GET, "/api/" + resource + "/?search=" + search).expect(200).build();
    }
    String param = roll == 1 ? "ordering" : "fields";
    String value = pick(random, List.of("--id", "-", ",,,", "id;DROP%20TABLE%20suppliers", "password", "-password", "id,password",
        "%00", "bogus", "id%20desc", "1", "__class__", "id,-", "lines"));
    boolean refused = !value.equals(",,,") && !(param.equals("fields") && value.equals("lines") && resource.equals("purchase-orders"));
    Hostile.Builder request = Hostile.of("hostile search, ordering, fields", GET, "/api/" + resource + "/?" + param + "=" + value);
    return (refused ? request.expect(400) : request.expect(200, 400)).build();
  }

  private Hostile illegalTransition() {
    String action = pick(random, List.of("submit", "approve", "reject", "cancel"));
    String order = record("purchase-orders");
    Hostile.Builder request = Hostile.of("illegal transitions", POST, order + action + "/");
    return switch (random.nextInt(3)) {
      // a stale version, and approve or reject of a draft
      case 0 -> request.json("{\"comment\": " + pick(random, List.of("\"ok\"", "42", "[]", "null")) + "}")
          .expect(400, 403, 409, 412).header("If-Match", "\"77\"").build();
      case 1 -> request.json(pick(random, HostileValues.MALFORMED_JSON)).header("If-Match", "\"78\"").expect(400, 412).build();
      default -> Hostile.of("illegal transitions", POST, "/api/" + pick(random, List.of("suppliers", "products", "users")) + "/"
          + ids.get("suppliers") + "/" + action + "/").json("{}").expect(404, 405).build();
    };
  }

  private Hostile sideRoute() {
    return switch (random.nextInt(6)) {
      case 0 -> Hostile.of("hostile side routes", POST, "/api/exports/").json(pick(random, List.of("{\"resource\": \"nope\", \"format\": \"csv\"}",
          "{\"resource\": \"suppliers\", \"format\": \"pdf\"}", "{\"resource\": \"suppliers\", \"filters\": []}",
          "{\"resource\": \"suppliers\", \"filters\": {\"name\": \"a\\u0000\"}}", "{\"resource\": \"suppliers\", \"filters\": {\"bogus\": 1}}",
          "{\"resource\": \"\\ud800\"}", "{}"))).expect(400, 404).build();
      case 1 -> Hostile.of("hostile side routes", GET, "/api/exports/" + pick(random, HostileValues.ODD_IDS) + "/").expect(404).build();
      case 2 -> Hostile.of("hostile side routes", GET, "/api/events?" + pick(random, List.of("resources=nope", "resources=%00", "resources=suppliers,nope", "resources=auth", "resources=%ED%A0%80"))).expect(400).build();
      case 3 -> Hostile.of("hostile side routes", GET, "/api/attachments/" + pick(random, HostileValues.ODD_IDS) + "/download").expect(404).build();
      case 4 -> Hostile.of("hostile side routes", POST, "/api/attachments/").json("{\"resource\": \"suppliers\"}").expect(400, 415).build();
      default -> {
        String format = pick(random, List.of("pdf", "%00", "XLSX", "csv%00", "json", "..%2F..%2Fetc%2Fpasswd"));
        Hostile.Builder export = Hostile.of("hostile side routes", GET, "/api/" + resource() + "/export?format=" + format);
        yield (format.equals("XLSX") ? export.expect(200, 400) : export.expect(400)).build();
      }
    };
  }
}
