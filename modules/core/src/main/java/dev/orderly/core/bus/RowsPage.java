package dev.orderly.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to {@link ResourceRequest.Rows}: the export columns (the list representation's fields in
 * definition order, or {@code fields=} in its order; never child rows) with their types, the rows as arrays
 * of rendered values in column order (as the list renders them: decimals as strings, dates
 * {@code YYYY-MM-DD}, timestamps ISO-8601, names as arrays), and the keyset of the last row ({@code null}
 * when this was the last page).
 */
public record RowsPage(List<Column> columns, JsonArray rows, JsonArray after) implements BusMessage {
  /** Column types: how an export writes the rendered value. */
  public enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, DATE, TIMESTAMP, NAMES }

  public record Column(String name, Kind kind) {}

  public JsonObject toJson() {
    JsonArray cols = new JsonArray();
    for (Column c : columns) cols.add(new JsonObject().put("name", c.name()).put("type", c.kind().name().toLowerCase()));
    return new JsonObject().put("columns", cols).put("rows", rows).put("after", after);
  }

  public static RowsPage fromJson(JsonObject json) {
    List<Column> columns = new ArrayList<>();
    for (Object o : json.getJsonArray("columns", new JsonArray())) {
      JsonObject c = (JsonObject) o;
      columns.add(new Column(c.getString("name"), Kind.valueOf(c.getString("type").toUpperCase())));
    }
    return new RowsPage(columns, json.getJsonArray("rows", new JsonArray()), json.getJsonArray("after"));
  }
}
