package dev.orderly.export;

import dev.orderly.core.bus.RowsPage;
import dev.orderly.core.bus.RowsPage.Kind;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.xssf.streaming.SXSSFCell;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * One export sheet written with POI's streaming {@link SXSSFWorkbook}: only a window of rows is in memory,
 * the rest goes to a temporary file that {@link #close()} deletes. Typed cells (numbers, decimals, dates,
 * timestamps, booleans); text is always a string cell, never a formula, so nothing in a cell runs. Excel
 * keeps 15 significant digits, so a longer integer goes out as text, and has no date before 1900, so such a
 * date or timestamp goes out as its ISO text. A bold, frozen header row. Blocking:
 * run it on a worker.
 */
final class XlsxSheet implements AutoCloseable {
  static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  /** Rows kept in memory before SXSSF flushes them to its temporary file. */
  private static final int WINDOW = 200;
  private static final int MAX_TEXT = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
  private static final int MAX_ROWS = SpreadsheetVersion.EXCEL2007.getMaxRows();
  private static final long MAX_EXACT_INTEGER = 999_999_999_999_999L;
  /** 1970-01-01 as an Excel serial day (its day 0 is 1899-12-30, in the 1900 date system); UTC, as Orderly's times are. */
  private static final long EXCEL_EPOCH_DAY = 25_569;
  /**
   * Excel's serial days are right from 1900-03-01 on (it counts a 29 February 1900): an earlier date goes out as its
   * ISO text, which import takes as it is.
   */
  private static final long FIRST_SERIAL_EPOCH_DAY = LocalDate.of(1900, 3, 1).toEpochDay();

  private final SXSSFWorkbook workbook = new FastZipWorkbook(WINDOW);
  private final SXSSFSheet sheet;
  private final List<RowsPage.Column> columns;
  private final CellStyle dateStyle;
  private final CellStyle timestampStyle;
  private final Map<Integer, CellStyle> decimalStyles = new HashMap<>();
  private int next;

  XlsxSheet(String name, List<RowsPage.Column> columns) {
    this.columns = columns;
    this.sheet = workbook.createSheet(name);
    dateStyle = style("yyyy-mm-dd");
    timestampStyle = style("yyyy-mm-dd hh:mm:ss");
    CellStyle bold = workbook.createCellStyle();
    Font font = workbook.createFont();
    font.setBold(true);
    bold.setFont(font);
    SXSSFRow header = sheet.createRow(next++);
    for (int i = 0; i < columns.size(); i++) {
      SXSSFCell cell = header.createCell(i);
      cell.setCellValue(columns.get(i).name());
      cell.setCellStyle(bold);
    }
    sheet.createFreezePane(0, 1);
  }

  /** Appends a page of rows; false when the sheet is full (Excel's 1 048 576 rows). */
  boolean append(JsonArray rows) {
    for (int r = 0; r < rows.size(); r++) {
      if (next >= MAX_ROWS) return false;
      JsonArray values = rows.getJsonArray(r);
      SXSSFRow row = sheet.createRow(next++);
      for (int i = 0; i < columns.size(); i++) {
        Object value = values.getValue(i);
        if (value != null) write(row.createCell(i), columns.get(i).kind(), value);
      }
    }
    return true;
  }

  void writeTo(OutputStream out) throws IOException {
    // widths only now: while a sheet has column definitions, POI looks each new cell's column style up in them
    for (int i = 0; i < columns.size(); i++) sheet.setColumnWidth(i, width(columns.get(i)) * 256);
    workbook.write(out);
  }

  private void write(SXSSFCell cell, Kind kind, Object value) {
    switch (kind) {
      case INTEGER -> {
        long n = ((Number) value).longValue();
        if (Math.abs(n) > MAX_EXACT_INTEGER) cell.setCellValue(Long.toString(n));
        else cell.setCellValue(n);
      }
      case DECIMAL -> {
        String text = value.toString();
        int point = text.indexOf('.');
        int digits = text.length() - (point < 0 ? 0 : 1) - (text.startsWith("-") ? 1 : 0);
        if (digits > 15) {
          cell.setCellValue(text);
        } else {
          cell.setCellValue(Double.parseDouble(text));
          cell.setCellStyle(decimalStyle(point < 0 ? 0 : text.length() - point - 1));
        }
      }
      case BOOLEAN -> cell.setCellValue((Boolean) value);
      case DATE -> {
        long day = LocalDate.parse(value.toString()).toEpochDay();
        if (day < FIRST_SERIAL_EPOCH_DAY) {
          cell.setCellValue(value.toString());
        } else {
          cell.setCellValue(day + EXCEL_EPOCH_DAY);
          cell.setCellStyle(dateStyle);
        }
      }
      case TIMESTAMP -> {
        Instant at = Instant.parse(value.toString());
        if (at.getEpochSecond() < FIRST_SERIAL_EPOCH_DAY * 86_400) {
          cell.setCellValue(value.toString());
        } else {
          cell.setCellValue(at.getEpochSecond() / 86_400d + at.getNano() / 86_400e9 + EXCEL_EPOCH_DAY);
          cell.setCellStyle(timestampStyle);
        }
      }
      case NAMES -> cell.setCellValue(text(join((JsonArray) value)));
      default -> cell.setCellValue(text(value.toString()));
    }
  }

  private CellStyle decimalStyle(int scale) {
    return decimalStyles.computeIfAbsent(scale, s -> style(s == 0 ? "0" : "0." + "0".repeat(s)));
  }

  private CellStyle style(String format) {
    CellStyle style = workbook.createCellStyle();
    style.setDataFormat(workbook.createDataFormat().getFormat(format));
    return style;
  }

  /** A text longer than a cell holds is cut at Excel's limit (32 767 characters). */
  private static String text(String value) {
    return value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value;
  }

  private static String join(JsonArray names) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.size(); i++) sb.append(i == 0 ? "" : ", ").append(names.getValue(i));
    return sb.toString();
  }

  /** Column width in characters: by type, at least the header's. */
  private static int width(RowsPage.Column column) {
    int byType = switch (column.kind()) {
      case INTEGER, BOOLEAN -> 10;
      case DECIMAL, DATE -> 12;
      case TIMESTAMP -> 20;
      case NAMES, STRING -> 24;
    };
    return Math.min(60, Math.max(byType, column.name().length() + 2));
  }

  /** Deletes the temporary files. */
  @Override
  public void close() throws IOException {
    try {
      workbook.dispose();
    } finally {
      workbook.close();
    }
  }

  /**
   * SXSSF with the zip written at deflate's fastest level: the sheet's XML is most of an export's bytes, and
   * the default level spent about a third of a large export's time compressing it, for files about 20% smaller.
   */
  private static final class FastZipWorkbook extends SXSSFWorkbook {
    FastZipWorkbook(int window) {
      super(window);
    }

    @Override
    protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream stream) {
      ZipArchiveOutputStream zip = super.createArchiveOutputStream(stream);
      zip.setLevel(Deflater.BEST_SPEED);
      return zip;
    }
  }
}
