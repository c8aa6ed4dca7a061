package dev.orderly.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * One data row of an import file, as the export service streams it to the owning service
 * ({@link ResourceRequest.Import}): one JSON object per line.
 *
 * @param row    the row's number in its sheet (the header is row 1)
 * @param values the cells by column name (the header's), as text; an empty cell is null. The
 *               {@code '} that CSV export puts before a dangerous first character is already removed.
 */
public record ImportRow(long row, JsonObject values) implements BusMessage {
  public JsonObject toJson() {
    return new JsonObject().put("row", row).put("values", values);
  }

  public static ImportRow fromJson(JsonObject json) {
    return new ImportRow(json.getLong("row", 0L), json.getJsonObject("values", new JsonObject()));
  }
}
