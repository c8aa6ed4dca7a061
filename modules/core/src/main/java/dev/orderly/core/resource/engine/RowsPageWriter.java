package dev.orderly.core.resource.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orderly.core.bus.RowsPage;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RowsPage} straight from the records with Jackson's streaming generator: the same JSON as
 * {@link RowsPage#toJson()}, without building a tree of a page's values first (a page is thousands of rows,
 * and building and walking that tree was most of an export page's cost in the owning service).
 */
final class RowsPageWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private RowsPageWriter() {}

  static Buffer write(List<Field> columns, List<Map<String, Object>> records, JsonArray after) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, records.size() * 160));
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeArrayFieldStart("columns");
      for (Field f : columns) {
        out.writeStartObject();
        out.writeStringField("name", f.name());
        out.writeStringField("type", ExportRows.kind(f.type()).name().toLowerCase());
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeArrayFieldStart("rows");
      for (Map<String, Object> record : records) {
        out.writeStartArray();
        for (Field f : columns) {
          Object value = record.get(f.name());
          value(out, f.type() == FieldType.NAMES ? f.render(value == null ? List.of() : value) : f.render(value));
        }
        out.writeEndArray();
      }
      out.writeEndArray();
      out.writeFieldName("after");
      value(out, after);
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  /** A rendered value: what {@code Field.render} gives (text, numbers, booleans, arrays of names) or null. */
  private static void value(JsonGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      out.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigDecimal d) {
      out.writeNumber(d);
    } else if (value instanceof Number n) {
      out.writeNumber(n.doubleValue());
    } else if (value instanceof JsonArray array) {
      out.writeStartArray();
      for (Object item : array) value(out, item);
      out.writeEndArray();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object item : list) value(out, item);
      out.writeEndArray();
    } else {
      out.writeString(value.toString());
    }
  }
}
