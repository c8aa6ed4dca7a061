package dev.orderly.export;

import dev.orderly.core.bus.ResourceNames;
import dev.orderly.core.bus.ServiceError;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The two export formats (API.md: {@code format} defaults to {@code xlsx}; another is a 400 on {@code format}). */
enum ExportFormat {
  XLSX("xlsx", XlsxSheet.CONTENT_TYPE),
  CSV("csv", CsvFormat.CONTENT_TYPE);

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  final String extension;
  final String contentType;

  ExportFormat(String extension, String contentType) {
    this.extension = extension;
    this.contentType = contentType;
  }

  /** The format a request names; null or empty means xlsx. */
  static ExportFormat of(String name) {
    if (name == null || name.isEmpty()) return XLSX;
    for (ExportFormat f : values()) if (f.extension.equals(name.toLowerCase(Locale.ROOT))) return f;
    throw ServiceError.invalid("format", "\"" + name + "\" is not a valid choice (xlsx, csv).");
  }

  /** {@code <resource>-<YYYYMMDDTHHMMSSZ>.<ext>}. */
  String filename(String resource, Instant at) {
    return resource + "-" + STAMP.format(at) + "." + extension;
  }

  /** Sheets are named by the resource's table name (a sheet name has no {@code -} problem, but keeps to 31 characters). */
  static String sheetName(String resource) {
    String table = ResourceNames.table(resource);
    return table.length() > 31 ? table.substring(0, 31) : table;
  }
}
