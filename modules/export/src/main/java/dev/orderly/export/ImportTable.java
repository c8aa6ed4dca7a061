package dev.orderly.export;

import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What both readers share: row 1 is the header, the rows after it become {@link ImportRow}s. A reader calls
 * {@link #startRow}, then {@link #cell} for each cell {@link #wants} (a cell nobody asked for is never
 * kept), then {@link #endRow}. The header's names end at its first blank cell; data cells of columns
 * without a name are dropped; a row with no value in any named column is skipped (it is neither counted
 * nor sent), so a sheet of a million empty rows costs parsing and nothing more.
 */
final class ImportTable {
  static final String ID = "id";

  private final int maxRows;
  private final Consumer<ImportRow> sink;
  private String[] names;
  private String[] cells = new String[ImportFiles.MAX_COLUMNS + 1];
  private long row;
  private int rowChars;
  private boolean filled;
  private long rows;
  private long updates;
  private int idColumn = -1;

  ImportTable(int maxRows, Consumer<ImportRow> sink) {
    this.maxRows = maxRows;
    this.sink = sink;
  }

  /** Starts row {@code number} (the sheet's row number, or the CSV record number; the header is 1). */
  void startRow(long number) {
    if (names == null && number != 1) throw noHeader();
    row = number;
    rowChars = 0;
    filled = false;
    Arrays.fill(cells, 0, names == null ? cells.length : names.length, null);
  }

  /** Whether the cell of {@code column} (0-based) of the current row is kept. */
  boolean wants(int column) {
    return column < (names == null ? cells.length : names.length);
  }

  /** The text of a cell that {@link #wants} is kept; empty text is an empty cell. */
  void cell(int column, String value) {
    if (!wants(column) || value == null || value.isEmpty()) return;
    if (value.length() > ImportFiles.MAX_CELL_CHARS) throw cellTooLong(row, column);
    rowChars += value.length();
    if (rowChars > ImportFiles.MAX_ROW_CHARS) {
      throw ImportFiles.invalid("Row " + row + ": ensure a row has no more than " + ImportFiles.MAX_ROW_CHARS + " characters.");
    }
    cells[column] = value;
    filled = true;
  }

  void endRow() {
    if (names == null) {
      header();
      return;
    }
    if (!filled) return;
    if (++rows > maxRows) throw ImportFiles.invalid("Ensure the file has no more than " + maxRows + " data rows.");
    JsonObject values = new JsonObject();
    for (int i = 0; i < names.length; i++) values.put(names[i], cells[i]);
    if (idColumn >= 0 && cells[idColumn] != null) updates++;
    sink.accept(new ImportRow(row, values));
  }

  /** The summary, once the reader has read every row. */
  ImportFiles.Parsed finish(ImportFiles.Format format) {
    if (names == null) throw noHeader();
    return new ImportFiles.Parsed(format, rows, rows - updates, updates);
  }

  /** The 400 for a cell over Excel's limit, naming its row and column. */
  ServiceError cellTooLong(long rowNumber, int column) {
    return ImportFiles.invalid("Row " + rowNumber + ", column " + columnName(column) + ": ensure a cell has no more than "
        + ImportFiles.MAX_CELL_CHARS + " characters.");
  }

  /** A column as a message names it: its header name when it has one, and its letter. */
  String columnName(int column) {
    String letter = letters(column);
    return names != null && column < names.length ? "\"" + names[column] + "\" (" + letter + ")" : letter;
  }

  private void header() {
    int count = 0;
    while (count < cells.length && cells[count] != null && !cells[count].isBlank()) count++;
    if (count == 0) throw noHeader();
    if (count > ImportFiles.MAX_COLUMNS) {
      throw ImportFiles.invalid("Ensure the header row names no more than " + ImportFiles.MAX_COLUMNS + " columns.");
    }
    String[] header = new String[count];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      header[i] = cells[i].strip();
      if (!seen.add(header[i])) throw ImportFiles.invalid("The column \"" + header[i] + "\" appears twice in the header row.");
      if (header[i].equals(ID)) idColumn = i;
    }
    names = header;
    cells = new String[count];
  }

  private static ServiceError noHeader() {
    return ImportFiles.invalid("The first row of the file must hold the column names.");
  }

  /** Column letters: 0 is A, 25 Z, 26 AA. */
  static String letters(int column) {
    StringBuilder sb = new StringBuilder();
    for (int c = column + 1; c > 0; c = (c - 1) / 26) sb.append((char) ('A' + (c - 1) % 26));
    return sb.reverse().toString();
  }
}
