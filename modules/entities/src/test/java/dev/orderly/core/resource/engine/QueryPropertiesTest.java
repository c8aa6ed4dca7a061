package dev.orderly.core.resource.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.codec.Text;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.query.ListQuery;
import dev.orderly.core.resource.query.QueryParser;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and hostile list parameters: the parser answers a query or a 400/404, never an exception,
 * every non-empty filter it accepts narrows the query, and no request text reaches the SQL.
 */
class QueryPropertiesTest {
  private static final String MARKER = "zq9";

  @Property(tries = 2000)
  void parserAnswersAQueryOrAClientError(@ForAll("resources") ResourceDef def, @ForAll("params") Map<String, List<String>> raw) {
    JsonObject params = toJson(raw);
    try {
      ListQuery q = QueryParser.parse(def, params);
      assertThat(q.pageSize()).isBetween(1, ListQuery.MAX_PAGE_SIZE);
      assertThat(q.page() >= 1 || q.page() == ListQuery.LAST_PAGE).isTrue();
    } catch (ServiceError e) {
      assertThat(e.status()).isIn(400, 404);
    }
  }

  @Property(tries = 2000)
  void everyAcceptedFilterNarrowsTheQuery(@ForAll("resources") ResourceDef def, @ForAll("params") Map<String, List<String>> raw) {
    JsonObject params = toJson(raw);
    ListQuery q;
    try {
      q = QueryParser.parse(def, params);
    } catch (ServiceError e) {
      return;
    }
    long expected = raw.entrySet().stream()
        .filter(e -> !QueryParser.RESERVED.contains(e.getKey()))
        .filter(e -> !e.getValue().get(e.getValue().size() - 1).isEmpty())
        .filter(e -> !(e.getKey().endsWith("__in") && e.getValue().get(e.getValue().size() - 1).replace(",", "").isEmpty()))
        .count();
    assertThat(q.filters()).hasSize((int) expected);
    for (ListQuery.Filter f : q.filters()) assertThat(def.fields()).containsValue(f.field());
  }

  @Property(tries = 1000)
  void requestTextNeverReachesSql(@ForAll("resources") ResourceDef def, @ForAll("hostile") String text,
                                  @ForAll("dialects") Dialect dialect) {
    String value = MARKER + text;
    JsonObject params = new JsonObject().put("search", new JsonArray().add(value));
    for (Field f : def.fields().values()) {
      if (f.type() == dev.orderly.core.resource.model.FieldType.STRING) params.put(f.name() + "__icontains", new JsonArray().add(value));
    }
    if (Text.problem(value) != null && params.size() > 1) {
      // text no database stores never gets as far as SQL: the filter is a 400 (search alone drops it)
      assertThatThrownBy(() -> QueryParser.parse(def, params)).isInstanceOf(ServiceError.class);
      return;
    }
    ListQuery q = QueryParser.parse(def, params);
    ResourceSql.ListStatements st = new ResourceSql(def, dialect).list(q, q.pageSize(), 0);
    assertThat(st.page().sql()).doesNotContain(MARKER);
    assertThat(st.count().sql()).doesNotContain(MARKER);
    assertThat(st.params().values()).anySatisfy(v -> assertThat(String.valueOf(v)).contains(MARKER));
  }

  @net.jqwik.api.Example
  void aControlCharacterNamesNoFieldToOrderByOrRender() {
    ResourceDef def = Resources.ALL.get(0);
    for (String param : new String[] {"ordering", "fields"}) {
      for (String value : new String[] {"\u0000", "\u0001", "id\u0000", "id,\u0000", "-\u0000"}) {
        JsonObject params = new JsonObject().put(param, new JsonArray().add(value));
        assertThatThrownBy(() -> QueryParser.parse(def, params)).as(param + "=" + value.replace("\u0000", "%00"))
            .isInstanceOfSatisfying(ServiceError.class, e -> assertThat(e.body().containsKey(param)).isTrue());
      }
    }
  }

  @Provide
  Arbitrary<ResourceDef> resources() {
    return Arbitraries.of(Resources.ALL);
  }

  @Provide
  Arbitrary<Dialect> dialects() {
    return Arbitraries.of(Dialect.values());
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.of("'; DROP TABLE suppliers; --", "\" OR 1=1 --", "%", "_", "\\", "' OR ''='", "$1", "?", "#{id}", "\u0000"));
  }

  @Provide
  Arbitrary<Map<String, List<String>>> params() {
    List<String> names = new ArrayList<>(List.of("page", "page_size", "ordering", "search", "fields", "format", "dry_run",
        "nope", "id__gt__lt", "__", "", "name__", "__in"));
    for (ResourceDef def : Resources.ALL) {
      for (String field : def.fields().keySet()) {
        names.add(field);
        for (String op : List.of("exact", "gt", "gte", "lt", "lte", "in", "icontains", "isnull", "regex", "startswith")) {
          names.add(field + "__" + op);
        }
      }
    }
    Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(names), Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.of("", "1", "-1", "0", "2.50", "abc", "true", "false", "last", "2026-01-01", "2026-01-01T10:00:00Z",
            "1,2,3", ",", "id,-name", "-id", "name,nope", "99999999999999999999", "NaN", "1e400", "x,,y"),
        hostile());
    Arbitrary<List<String>> values = value.list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(name.list().ofMaxSize(6), values.list().ofSize(6)).as((ns, vs) -> {
      Map<String, List<String>> m = new java.util.LinkedHashMap<>();
      for (int i = 0; i < ns.size(); i++) m.put(ns.get(i), vs.get(i));
      return m;
    });
  }

  private static JsonObject toJson(Map<String, List<String>> raw) {
    JsonObject params = new JsonObject();
    raw.forEach((k, v) -> params.put(k, new JsonArray(new ArrayList<>(v))));
    return params;
  }
}
