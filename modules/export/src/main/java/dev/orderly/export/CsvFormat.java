package dev.orderly.export;

import dev.orderly.core.bus.RowsPage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as API.md writes it: UTF-8 with a byte-order mark, {@code ,} between fields, CRLF between rows, a
 * field quoted when it holds a quote, a comma or a line break. A text cell whose first character a
 * spreadsheet would run ({@code = + - @}, tab, CR) gets a {@code '} in front (and so does one that already
 * starts with {@code '}s before such a character); import removes exactly that one.
 */
final class CsvFormat {
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  private CsvFormat() {}

  /** The byte-order mark and the header row. */
  static Buffer header(List<RowsPage.Column> columns) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) line.append(',');
      field(line, columns.get(i).name(), true);
    }
    return Buffer.buffer(BOM).appendString(line.append("\r\n").toString(), "UTF-8");
  }

  /** Appends the rows of a page. */
  static void rows(StringBuilder out, List<RowsPage.Column> columns, JsonArray rows) {
    for (int r = 0; r < rows.size(); r++) {
      JsonArray row = rows.getJsonArray(r);
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) out.append(',');
        Object value = row.getValue(i);
        if (value == null) continue;
        RowsPage.Kind kind = columns.get(i).kind();
        if (kind == RowsPage.Kind.NAMES && value instanceof JsonArray names) {
          field(out, join(names), true);
        } else {
          field(out, value.toString(), kind == RowsPage.Kind.STRING);
        }
      }
      out.append("\r\n");
    }
  }

  static Buffer encode(StringBuilder text) {
    return Buffer.buffer(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Whether a spreadsheet would take a text starting so as a formula (OWASP's list). */
  static boolean dangerous(String text) {
    return !text.isEmpty() && dangerous(text.charAt(0));
  }

  static boolean dangerous(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  }

  /**
   * Whether a text gets the {@code '} prefix: when, after any {@code '} it already starts with, its first
   * character is dangerous. So {@code =x} goes out as {@code '=x} and {@code '=x} as {@code ''=x}, and
   * import, removing one {@code '} from exactly those texts ({@link #prefixed}), reads back what was exported.
   */
  static boolean needsPrefix(CharSequence text) {
    return dangerousAfterQuotes(text, 0);
  }

  /** Whether a CSV field carries the prefix export adds: a {@code '} before a text that {@link #needsPrefix}. */
  static boolean prefixed(CharSequence field) {
    return field.length() > 1 && field.charAt(0) == '\'' && dangerousAfterQuotes(field, 1);
  }

  private static boolean dangerousAfterQuotes(CharSequence text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) == '\'') i++;
    return i < text.length() && dangerous(text.charAt(i));
  }

  private static String join(JsonArray names) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.size(); i++) sb.append(i == 0 ? "" : ", ").append(names.getValue(i));
    return sb.toString();
  }

  private static void field(StringBuilder out, String value, boolean text) {
    String v = text && needsPrefix(value) ? "'" + value : value;
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == '"' || c == ',' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.append(v);
      return;
    }
    out.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') out.append('"');
      out.append(c);
    }
    out.append('"');
  }
}
