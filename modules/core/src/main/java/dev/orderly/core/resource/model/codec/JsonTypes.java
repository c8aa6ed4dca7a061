package dev.orderly.core.resource.model.codec;

import io.vertx.core.json.JsonArray;

/** Python's names for decoded JSON values, as DRF's messages show them. */
public final class JsonTypes {
  private JsonTypes() {}

  /**
   * {@code str}, {@code bool}, {@code int} (Integer, Long), {@code float} (any other number),
   * {@code list}, {@code dict} or {@code NoneType}.
   */
  public static String pythonName(Object raw) {
    if (raw == null) return "NoneType";
    if (raw instanceof String) return "str";
    if (raw instanceof Boolean) return "bool";
    if (raw instanceof Integer || raw instanceof Long) return "int";
    if (raw instanceof Number) return "float";
    if (raw instanceof JsonArray) return "list";
    return "dict";
  }
}
