package dev.orderly.core.resource.query;

import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.Lookup;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * django-filter / DRF list parameters to a {@link ListQuery}. Unknown filter, ordering or field
 * names are a 400 naming them; empty filter values are ignored, as django-filter does.
 */
public final class QueryParser {
  public static final Set<String> RESERVED = Set.of("page", "page_size", "ordering", "search", "fields", "format", "dry_run");

  private QueryParser() {}

  public static ListQuery parse(ResourceDef def, JsonObject params) {
    JsonObject errors = new JsonObject();
    List<ListQuery.Filter> filters = new ArrayList<>();
    for (String name : params.fieldNames()) {
      if (RESERVED.contains(name)) continue;
      String value = last(params, name);
      try {
        ListQuery.Filter filter = filter(def, name, value);
        if (filter != null) filters.add(filter);
      } catch (FieldError e) {
        errors.put(name, new JsonArray().add(e.getMessage()));
      }
    }
    List<ListQuery.Order> ordering = ordering(def, last(params, "ordering"), errors);
    List<String> fields = fields(def, last(params, "fields"), errors);
    if (!errors.isEmpty()) throw ServiceError.validation(errors);
    return new ListQuery(filters, searchTerms(last(params, "search")), ordering, page(last(params, "page")),
        pageSize(last(params, "page_size")), fields);
  }

  /** The {@code fields=} parameter alone, for detail GETs. */
  public static List<String> fields(ResourceDef def, JsonObject params) {
    JsonObject errors = new JsonObject();
    List<String> fields = fields(def, last(params, "fields"), errors);
    if (!errors.isEmpty()) throw ServiceError.validation(errors);
    return fields;
  }

  private static ListQuery.Filter filter(ResourceDef def, String param, String value) throws FieldError {
    int split = param.indexOf("__");
    String fieldName = split < 0 ? param : param.substring(0, split);
    Lookup lookup = split < 0 ? Lookup.EXACT : Lookup.fromSuffix(param.substring(split + 2));
    Field field = def.field(fieldName);
    if (field == null || !field.type().filterable() || !field.isReadable()) throw new FieldError("Unknown filter parameter.");
    if (lookup == null || !field.type().lookups().contains(lookup)) {
      throw new FieldError("Unsupported lookup for field '" + fieldName + "'.");
    }
    if (value == null || value.isEmpty()) return null;
    return switch (lookup) {
      case ISNULL -> {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false") && !v.equals("1") && !v.equals("0")) {
          throw new FieldError("Select a valid choice. " + value + " is not one of the available choices.");
        }
        yield new ListQuery.Filter(field, lookup, v.equals("true") || v.equals("1"));
      }
      case IN -> {
        List<Object> values = new ArrayList<>();
        for (String part : value.split(",")) {
          if (!part.isEmpty()) values.add(field.parseFilter(part));
        }
        yield values.isEmpty() ? null : new ListQuery.Filter(field, lookup, List.copyOf(values));
      }
      default -> new ListQuery.Filter(field, lookup, field.parseFilter(value));
    };
  }

  private static List<ListQuery.Order> ordering(ResourceDef def, String value, JsonObject errors) {
    List<ListQuery.Order> out = new ArrayList<>();
    if (value == null || value.isBlank()) return out;
    List<String> unknown = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    // strip(), as Python's: trim() would also drop control characters, so that "%00" named no field and passed
    for (String raw : value.split(",")) {
      String term = raw.strip();
      if (term.isEmpty()) continue;
      boolean desc = term.startsWith("-");
      String name = desc ? term.substring(1) : term;
      Field field = def.field(name);
      if (field == null || !field.type().filterable() || !field.isReadable()) {
        unknown.add(name);
      } else if (seen.add(name)) {
        out.add(new ListQuery.Order(field, desc));
      }
    }
    if (!unknown.isEmpty()) errors.put("ordering", new JsonArray().add("Unknown field(s): " + String.join(", ", unknown) + "."));
    return out;
  }

  private static List<String> fields(ResourceDef def, String value, JsonObject errors) {
    List<String> out = new ArrayList<>();
    if (value == null || value.isBlank()) return out;
    List<String> unknown = new ArrayList<>();
    for (String raw : value.split(",")) {
      String name = raw.strip();
      if (name.isEmpty()) continue;
      if (def.field(name) == null || !def.field(name).isReadable()) unknown.add(name);
      else if (!out.contains(name)) out.add(name);
    }
    if (!unknown.isEmpty()) errors.put("fields", new JsonArray().add("Unknown field(s): " + String.join(", ", unknown) + "."));
    return out;
  }

  /** DRF splits search on whitespace and commas; every term must match some search field. */
  private static List<String> searchTerms(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) return out;
    // as DRF's SearchFilter, NUL characters are dropped (and so is half a surrogate pair, which no database stores)
    for (String term : value.replace('\0', ' ').replaceAll("[\\p{Cs}]", " ").split("[\\s,]+")) {
      if (!term.isEmpty()) out.add(term);
    }
    return out;
  }

  private static int page(String value) {
    if (value == null || value.isEmpty()) return 1;
    if (value.equals("last")) return ListQuery.LAST_PAGE;
    try {
      int page = Integer.parseInt(value);
      if (page >= 1) return page;
    } catch (NumberFormatException e) {
      // below
    }
    throw invalidPage();
  }

  /** DRF falls back to the default for a bad page size and clamps a large one. */
  private static int pageSize(String value) {
    if (value == null) return ListQuery.DEFAULT_PAGE_SIZE;
    try {
      int size = Integer.parseInt(value.trim());
      if (size < 1) return ListQuery.DEFAULT_PAGE_SIZE;
      return Math.min(size, ListQuery.MAX_PAGE_SIZE);
    } catch (NumberFormatException e) {
      return ListQuery.DEFAULT_PAGE_SIZE;
    }
  }

  public static ServiceError invalidPage() {
    return ServiceError.of(404, ErrorCodes.NOT_FOUND, "Invalid page.");
  }

  private static String last(JsonObject params, String name) {
    Object v = params.getValue(name);
    if (v instanceof JsonArray a) return a.isEmpty() ? null : String.valueOf(a.getValue(a.size() - 1));
    return v == null ? null : v.toString();
  }

}
