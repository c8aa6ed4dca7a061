package dev.orderly.core.resource.engine;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * One import row's text cells as a request body for the {@link Validator}, so that a cell is checked with the
 * API's own rules and messages: {@code id} (present: an update of that record) and {@code version} apart,
 * read-only columns (timestamps among them) ignored. A non-empty cell becomes: for an integer or a reference,
 * a number when the text is a whole number (else the text, which the validator rejects with its message); for
 * a boolean, {@code true} or {@code false} from true/false, 1/0 or yes/no (else the text, with the
 * validator's other words); for linked names, the array of a JSON-array text, else the comma-separated names;
 * for anything else the text. An empty cell (none, or blanks) clears what can be cleared (a nullable field to
 * null, linked names to none, an optional string to ""), is "This field is required." for a required field,
 * and otherwise leaves the field out: its default on a create, unchanged on an update.
 *
 * @param update  whether the row names a record ({@code id} not empty): an update, else a create
 * @param id      the record a row updates, or null for a create or an invalid {@code id}
 * @param version the version the row says the record has, or null when it does not say
 * @param data    the body to validate
 * @param errors  {@code {field: [messages]}} found here (a bad {@code id} or {@code version}, an empty required cell)
 * @param blank   whether every cell is empty (a blank line of a sheet: skipped)
 */
record ImportCells(boolean update, Long id, Long version, JsonObject data, JsonObject errors, boolean blank) {
  /** Whether {@code name} is an export column of {@code def}, hence an import column. */
  static boolean isColumn(ResourceDef def, String name) {
    Field f = def.field(name);
    return f != null && f.isReadable() && f.type() != FieldType.CHILDREN;
  }

  static ImportCells of(ResourceDef def, JsonObject values) {
    JsonObject errors = new JsonObject();
    boolean blank = true;
    for (Map.Entry<String, Object> cell : values) blank &= text(cell.getValue()) == null;
    String idText = text(values.getValue("id"));
    Long id = idText == null ? null : id(idText, "id", errors);
    Long version = null;
    if (id != null && text(values.getValue("version")) != null) version = id(text(values.getValue("version")), "version", errors);
    JsonObject data = new JsonObject();
    for (Field f : def.fields().values()) {
      if (f.isReadOnly() || !f.isReadable() || f.type() == FieldType.CHILDREN || !values.containsKey(f.name())) continue;
      String text = text(values.getValue(f.name()));
      if (text != null) {
        data.put(f.name(), value(f, text));
      } else if (f.type() == FieldType.NAMES) {
        data.put(f.name(), new JsonArray());
      } else if (f.isNullable()) {
        data.putNull(f.name());
      } else if (f.isRequired()) {
        // a create leaves it out, and the validator says the same
        if (idText != null) errors.put(f.name(), new JsonArray().add("This field is required."));
      } else if ((f.type() == FieldType.STRING || f.type() == FieldType.TEXT) && !f.isNotBlank()) {
        data.put(f.name(), "");
      }
    }
    return new ImportCells(idText != null, id, version, data, errors, blank);
  }

  /** The JSON value the validator takes for a non-empty cell. */
  static Object value(Field f, String text) {
    String t = text.trim();
    return switch (f.type()) {
      case INTEGER, REFERENCE -> {
        Long n = wholeNumber(t);
        yield n == null ? text : n;
      }
      case BOOLEAN -> switch (t.toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes" -> Boolean.TRUE;
        case "false", "0", "no" -> Boolean.FALSE;
        default -> text;
      };
      case NAMES -> names(t);
      default -> text;
    };
  }

  private static Object names(String t) {
    if (t.startsWith("[")) {
      try {
        return new JsonArray(t);
      } catch (DecodeException e) {
        return t;
      }
    }
    JsonArray names = new JsonArray();
    for (String part : t.split(",")) {
      if (!part.isBlank()) names.add(part.trim());
    }
    return names;
  }

  /** A whole number written as digits or as an integral decimal ({@code 12.0}, as a spreadsheet may give it); else null. */
  private static Long wholeNumber(String t) {
    try {
      return new BigDecimal(t).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /** An id or version cell: a positive whole number, else an error on {@code field}. */
  private static Long id(String text, String field, JsonObject errors) {
    Long n = wholeNumber(text.trim());
    if (n == null || n < 1) {
      errors.put(field, new JsonArray().add("A valid integer is required."));
      return null;
    }
    return n;
  }

  /** A cell's text, or null when it is empty. */
  private static String text(Object cell) {
    if (cell == null) return null;
    String s = cell instanceof String str ? str : cell.toString();
    return s.isBlank() ? null : s;
  }
}
