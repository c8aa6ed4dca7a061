package dev.orderly.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Set;

/**
 * The JSON Schema of a message record, read from its components, for the documents that show a message as
 * it crosses HTTP (the OpenAPI document's authentication routes): a property per component, named as
 * {@code toJson} names it by the messages' convention (the component's name in snake case:
 * {@code tokenType} → {@code token_type}, {@code isStaff} → {@code is_staff}), all of them required.
 * Components are texts, whole numbers, booleans, lists or sets of those, or message records.
 */
public final class MessageSchema {
  private MessageSchema() {}

  /** {@code {"type": "object", "properties": {...}, "required": [...]}} of {@code message}. */
  public static JsonObject of(Class<? extends BusMessage> message) {
    if (!message.isRecord()) throw new IllegalArgumentException(message.getName() + " is not a record");
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    for (RecordComponent c : message.getRecordComponents()) {
      String name = jsonName(c.getName());
      properties.put(name, schema(c.getGenericType(), message.getName() + "." + c.getName()));
      required.add(name);
    }
    return new JsonObject().put("type", "object").put("properties", properties).put("required", required);
  }

  /** {@code firstName} → {@code first_name}. */
  public static String jsonName(String component) {
    StringBuilder sb = new StringBuilder();
    for (char ch : component.toCharArray()) {
      if (Character.isUpperCase(ch)) sb.append('_').append(Character.toLowerCase(ch));
      else sb.append(ch);
    }
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static JsonObject schema(Type type, String where) {
    if (type == String.class) return typed("string");
    if (type == long.class || type == Long.class || type == int.class || type == Integer.class) return typed("integer");
    if (type == boolean.class || type == Boolean.class) return typed("boolean");
    if (type instanceof Class<?> c && c.isRecord() && BusMessage.class.isAssignableFrom(c)) {
      return of((Class<? extends BusMessage>) c);
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw && Collection.class.isAssignableFrom(raw)) {
      JsonObject array = typed("array").put("items", schema(p.getActualTypeArguments()[0], where));
      return Set.class.isAssignableFrom(raw) ? array.put("uniqueItems", true) : array;
    }
    throw new IllegalArgumentException(where + ": no JSON schema for " + type.getTypeName());
  }

  private static JsonObject typed(String type) {
    return new JsonObject().put("type", type);
  }
}
