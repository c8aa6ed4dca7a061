package dev.orderly.core.resource.openapi;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Locale;

/**
 * A resource's fields as DRF's {@code SimpleMetadata} describes a serializer in an {@code OPTIONS} answer, read
 * from the same definition that validates, stores and documents them (the other such reading is
 * {@link OpenApiFragment}). Each field: {@code type} (DRF's label of the serializer field a {@code ModelSerializer}
 * would build: {@code string}, {@code email}, {@code choice}, {@code integer}, {@code decimal}, {@code boolean},
 * {@code date}, {@code datetime}, {@code field} for references, linked names and child rows), {@code required},
 * {@code read_only}, {@code label}; a writable field adds what DRF's field would carry: {@code max_length},
 * {@code min_value}/{@code max_value} (integers span Django's 32-bit range), {@code choices} as
 * {@code [{"value", "display_name"}]}; decimals always give {@code max_digits} and {@code decimal_places}; child
 * rows give {@code child}: a {@code nested object} whose {@code children} are the child fields. As DRF does,
 * read-only and write-only fields are listed too.
 */
public final class SimpleMetadata {
  /** Django's {@code IntegerField} range, which its serializer field carries as validators. */
  static final long INTEGER_MIN = Integer.MIN_VALUE;
  static final long INTEGER_MAX = Integer.MAX_VALUE;

  private SimpleMetadata() {}

  /**
   * {@code {"name", "singular", "plural", "fields"}}: the view name DRF derives from the model ({@code Purchase
   * Order}), the singular and plural in words, and the fields in definition order.
   */
  public static JsonObject of(ResourceDef def) {
    return new JsonObject()
        .put("name", titled(def.singular()))
        .put("singular", def.singular())
        .put("plural", def.name().replace('-', ' '))
        .put("fields", fields(def.fields().values()));
  }

  static JsonObject fields(Collection<Field> fields) {
    JsonObject info = new JsonObject();
    for (Field f : fields) info.put(f.name(), field(f));
    return info;
  }

  static JsonObject field(Field f) {
    boolean writable = !f.isReadOnly();
    JsonObject info = new JsonObject()
        .put("type", type(f))
        .put("required", writable && f.isRequired())
        .put("read_only", f.isReadOnly())
        .put("label", label(f.name()));
    // DRF's ModelSerializer drops the length and range rules of a read-only field
    if (writable && f.maxLength() != null) info.put("max_length", f.maxLength());
    if (writable && f.type() == FieldType.INTEGER) {
      info.put("min_value", f.min() == null ? INTEGER_MIN : Math.max(INTEGER_MIN, f.min().longValue() + (f.minExclusive() ? 1 : 0)));
      info.put("max_value", INTEGER_MAX);
    }
    if (writable && f.type() == FieldType.DECIMAL && f.min() != null && !f.minExclusive()) info.put("min_value", f.min());
    if (f.type() == FieldType.DECIMAL) info.put("max_digits", f.precision()).put("decimal_places", f.scale());
    if (f.type() == FieldType.CHILDREN) {
      info.put("child", new JsonObject().put("type", "nested object").put("required", true).put("read_only", false)
          .put("children", fields(f.childDef().fields().values())));
    }
    if (writable && f.choices() != null) {
      JsonArray choices = new JsonArray();
      f.choices().forEach(choice -> choices.add(new JsonObject().put("value", choice).put("display_name", choice)));
      info.put("choices", choices);
    }
    return info;
  }

  /** The label of the serializer field DRF's {@code ModelSerializer} builds for a model field of this kind. */
  static String type(Field f) {
    return switch (f.type()) {
      case STRING -> f.choices() != null ? "choice" : f.format() == Field.Format.EMAIL ? "email" : "string";
      case TEXT -> "string";
      case INTEGER -> "integer";
      case DECIMAL -> "decimal";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP -> "datetime";
      // a primary-key related field, a many-related field and a list serializer: DRF's catch-all label
      case REFERENCE, NAMES, CHILDREN -> "field";
    };
  }

  /** Django's verbose name of a field, capitalised: {@code unit_price} → {@code Unit price}; its auto id is {@code ID}. */
  static String label(String name) {
    if (name.equals("id")) return "ID";
    String words = name.replace('_', ' ');
    return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
  }

  /** {@code purchase order} → {@code Purchase Order}, as DRF names a view after its model. */
  static String titled(String words) {
    StringBuilder sb = new StringBuilder();
    for (String word : words.split(" ")) {
      if (sb.length() > 0) sb.append(' ');
      sb.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
    }
    return sb.toString();
  }
}
