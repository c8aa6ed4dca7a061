package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import dev.orderly.core.resource.query.ListQuery;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keyset paging over a list's order: the keys are the query's ordering up to {@code id} (which is unique, so
 * nothing after it can matter), with {@code id} ascending appended when the ordering does not name it, the
 * same total order as the list's ({@link ResourceSql#list}). A page's cursor is the last row's key values,
 * rendered as the list renders them; the next page is every row strictly after it in that order.
 *
 * <p>Nulls sit where the list's ORDER BY puts them on both databases: after every value in an ascending key,
 * before every value in a descending one. So "after {@code v}" on one key is: ascending, {@code k > v} (or
 * {@code k IS NULL} when the field is nullable), nothing when {@code v} is null; descending, {@code k < v},
 * or {@code k IS NOT NULL} when {@code v} is null. The whole condition is the lexicographic one, nested:
 * {@code after(k1) OR (k1 = v1 AND (after(k2) OR (k2 = v2 AND ... after(id))))}, with {@code k IS NULL}
 * for equality with a null. Values are bound as canonical values, as filters are.
 */
final class Keyset {
  static final ListQuery.Order ID_ASCENDING = new ListQuery.Order(Field.integer("id").readOnly(), false);

  private Keyset() {}

  /** The keys of an ordering: its terms up to {@code id}, then {@code id} ascending unless it was there. */
  static List<ListQuery.Order> keys(List<ListQuery.Order> ordering) {
    List<ListQuery.Order> keys = new ArrayList<>();
    for (ListQuery.Order o : ordering) {
      keys.add(o);
      if (o.field().name().equals("id")) return List.copyOf(keys);
    }
    keys.add(ID_ASCENDING);
    return List.copyOf(keys);
  }

  /** The cursor of a record: its key values, rendered. */
  static JsonArray cursor(List<ListQuery.Order> keys, Map<String, Object> record) {
    JsonArray cursor = new JsonArray();
    for (ListQuery.Order k : keys) cursor.add(k.field().render(record.get(k.field().name())));
    return cursor;
  }

  /** A cursor back to canonical values, each parsed as a filter value of its field; 400 on {@code after} if it does not fit. */
  static List<Object> parse(List<ListQuery.Order> keys, JsonArray cursor) {
    if (cursor.size() != keys.size()) throw invalid();
    List<Object> values = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      Object raw = cursor.getValue(i);
      Field f = keys.get(i).field();
      if (raw == null) {
        if (f.name().equals("id")) throw invalid();
        values.add(null);
        continue;
      }
      try {
        values.add(f.parseFilter(String.valueOf(raw)));
      } catch (FieldError e) {
        throw invalid();
      }
    }
    return values;
  }

  /** The condition "strictly after {@code values}" in the order of {@code keys}; {@code bind} names a bound value. */
  static String after(List<ListQuery.Order> keys, List<Object> values, Function<Object, String> bind) {
    return after(keys, values, bind, 0);
  }

  private static String after(List<ListQuery.Order> keys, List<Object> values, Function<Object, String> bind, int i) {
    ListQuery.Order key = keys.get(i);
    Object value = values.get(i);
    String beyond = beyond(key, value, bind);
    if (i == keys.size() - 1) return beyond == null ? "1 = 0" : beyond;
    String col = ResourceSql.q(key.field().name());
    String tie = "(" + (value == null ? col + " IS NULL" : col + " = " + bind.apply(value)) + " AND " + after(keys, values, bind, i + 1) + ")";
    return beyond == null ? tie : "(" + beyond + " OR " + tie + ")";
  }

  /** Rows strictly beyond {@code value} on this key alone, or null when none can be. */
  private static String beyond(ListQuery.Order key, Object value, Function<Object, String> bind) {
    String col = ResourceSql.q(key.field().name());
    if (key.descending()) {
      return value == null ? col + " IS NOT NULL" : col + " < " + bind.apply(value);
    }
    if (value == null) return null;
    String greater = col + " > " + bind.apply(value);
    return key.field().isNullable() ? "(" + greater + " OR " + col + " IS NULL)" : greater;
  }

  private static ServiceError invalid() {
    return ServiceError.invalid("after", "Invalid cursor.");
  }
}
