package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one import found so far: rows created, updated and unchanged, every error as
 * {@code {"row", "field", "message"}}, the columns already reported unknown, and the unique values (and ids)
 * of the rows seen, so that two rows of one file that claim the same one are an error even when the
 * database would only see the second once the first was written (or not at all, in a dry run).
 */
final class ImportRun {
  /** The most rows an import takes. */
  static final int MAX_ROWS = 100_000;
  /** The header's row number, where unknown columns are reported. */
  static final long HEADER_ROW = 1;
  static final String NON_FIELD = "non_field_errors";

  private final ResourceDef def;
  private final boolean dryRun;
  private final List<Field> uniques;
  private final Map<String, Map<Object, Long>> seen = new HashMap<>();
  private final Map<Long, Long> ids = new HashMap<>();
  private final Set<String> unknown = new HashSet<>();
  private final List<JsonObject> errors = new ArrayList<>();
  private long rows;
  private long created;
  private long updated;
  private long unchanged;

  ImportRun(ResourceDef def, boolean dryRun) {
    this.def = def;
    this.dryRun = dryRun;
    this.uniques = def.fields().values().stream().filter(f -> f.isUnique() && !f.isReadOnly() && f.isColumn()).toList();
  }

  boolean dryRun() {
    return dryRun;
  }

  /** The rows admitted so far. */
  long rows() {
    return rows;
  }

  /** Whether any row (or the header) had an error. */
  boolean failed() {
    return !errors.isEmpty();
  }

  /** How many errors were found so far: a row whose checks added none may be written. */
  int errorCount() {
    return errors.size();
  }

  /** Counts a row in; false, with an error on that row, once more than {@link #MAX_ROWS} came. */
  boolean admit(ImportRow row) {
    if (++rows <= MAX_ROWS) return true;
    error(row.row(), NON_FIELD, "An import takes at most " + MAX_ROWS + " rows.");
    return false;
  }

  /** Every column must be an export column: an unknown one is an error on it, once, on the header row. */
  void columns(JsonObject values) {
    for (String name : values.fieldNames()) {
      if (!ImportCells.isColumn(def, name) && unknown.add(name)) error(HEADER_ROW, name, "Unknown column.");
    }
  }

  /**
   * An error for each of the row's unique values (and its id) that an earlier row of the file already has;
   * remembers the others. A value is compared as its field parses it (trimmed text, a number at its scale).
   */
  void duplicates(long row, ImportCells cells) {
    if (cells.id() != null) {
      Long first = ids.putIfAbsent(cells.id(), row);
      if (first != null) error(row, "id", "Row " + first + " of this file updates the same record.");
    }
    for (Field f : uniques) {
      if (!cells.data().containsKey(f.name())) continue;
      Object value;
      try {
        value = f.parse(cells.data().getValue(f.name()));
      } catch (FieldError e) {
        continue;
      }
      if (value == null) continue;
      Long first = seen.computeIfAbsent(f.name(), k -> new HashMap<>()).putIfAbsent(value, row);
      if (first != null) {
        error(row, f.name(), def.singular() + " with this " + f.name().replace('_', ' ') + " already exists in row " + first
            + " of this file.");
      }
    }
  }

  void created() {
    created++;
  }

  void updated() {
    updated++;
  }

  void unchanged() {
    unchanged++;
  }

  void error(long row, String field, String message) {
    errors.add(new JsonObject().put("row", row).put("field", field).put("message", message));
  }

  /**
   * Every message of an error body, each as one error of {@code row}: {@code {field: [messages]}} (nested
   * objects, a child row's fields, as {@code field.child_field}), or {@code {"detail"}} on {@code non_field_errors}.
   */
  void errors(long row, JsonObject body) {
    if (body.getValue("detail") instanceof String detail) {
      error(row, NON_FIELD, detail);
      return;
    }
    for (String field : body.fieldNames()) flatten(row, field, body.getValue(field));
  }

  private void flatten(long row, String field, Object value) {
    if (value instanceof JsonArray items) {
      for (Object item : items) flatten(row, field, item);
    } else if (value instanceof JsonObject nested) {
      for (String sub : nested.fieldNames()) flatten(row, field + "." + sub, nested.getValue(sub));
    } else if (value != null) {
      error(row, field, value.toString());
    }
  }

  /** API.md's import summary, errors in sheet order (the header's first); the same body with errors (a 400) and without. */
  JsonObject summary() {
    JsonArray sorted = new JsonArray();
    errors.stream().sorted(Comparator.comparingLong(e -> e.getLong("row"))).forEach(sorted::add);
    return new JsonObject().put("created", created).put("updated", updated).put("unchanged", unchanged).put("errors", sorted)
        .put("dry_run", dryRun);
  }
}
