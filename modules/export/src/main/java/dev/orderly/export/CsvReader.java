package dev.orderly.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads CSV as {@link CsvFormat} writes it, and as spreadsheets save it: UTF-8 (a malformed byte is an
 * error, not a replacement character) with an optional byte-order mark, {@code ,} between fields, RFC 4180
 * quotes (a quoted field may hold commas, {@code ""} for a quote and line breaks), records ended by CRLF,
 * LF or CR. Leniently as Python's {@code csv}: a quote inside an unquoted field, or text after a closing
 * quote, is kept as text. Exactly one leading {@code '} is removed when the rest starts (after any further
 * {@code '}s) with a character {@link CsvFormat#dangerous} names: the prefix export adds
 * ({@link CsvFormat#prefixed}). Row numbers are record numbers (the header is 1; a blank line is a record
 * with no values, so it is skipped but counted).
 *
 * <p>Streaming, with bounded buffers: a field stops being read at {@value ImportFiles#MAX_CELL_CHARS}
 * characters, a record at {@value ImportFiles#SHEET_COLUMNS} fields, so a 100 MB line fails after a few
 * kilobytes. A NUL character means binary data: not a CSV file.
 */
final class CsvReader {
  private static final int START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  private final ImportTable table;
  private final StringBuilder field = new StringBuilder();
  private long record = 1;
  private long quoteStarted;
  private int column;
  private int fieldLength;
  private boolean recordStarted;

  private CsvReader(ImportTable table) {
    this.table = table;
  }

  static void read(InputStream in, ImportTable table) throws IOException {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    new CsvReader(table).read(new InputStreamReader(in, utf8));
  }

  private void read(Reader in) throws IOException {
    char[] buffer = new char[16 * 1024];
    int state = START;
    boolean first = true;
    boolean afterCr = false;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      for (int i = 0; i < n; i++) {
        char c = buffer[i];
        if (first) {
          first = false;
          if (c == '\uFEFF') continue;
        }
        if (afterCr) {
          afterCr = false;
          if (c == '\n') continue;
        }
        if (c == 0) throw ImportFiles.invalid("The file is not a valid CSV file: it holds binary data.");
        if (!recordStarted) {
          recordStarted = true;
          table.startRow(record);
        }
        switch (state) {
          case QUOTED -> {
            if (c == '"') state = QUOTE_IN_QUOTED;
            else append(c);
          }
          case QUOTE_IN_QUOTED -> {
            if (c == '"') {
              append(c);
              state = QUOTED;
            } else {
              state = separator(c, UNQUOTED);
              afterCr = c == '\r';
            }
          }
          case START -> {
            if (c == '"') {
              state = QUOTED;
              quoteStarted = record;
            } else {
              state = separator(c, UNQUOTED);
              afterCr = c == '\r';
            }
          }
          default -> {
            state = separator(c, UNQUOTED);
            afterCr = c == '\r';
          }
        }
      }
    }
    if (state == QUOTED) throw ImportFiles.invalid("Row " + quoteStarted + ": a quoted field is not closed.");
    if (recordStarted) endRecord();
  }

  /** Ends the field at a comma, the record at a line break; anything else is text of a field in {@code text} state. */
  private int separator(char c, int text) {
    if (c == ',') {
      endField();
      return START;
    }
    if (c == '\n' || c == '\r') {
      endRecord();
      return START;
    }
    append(c);
    return text;
  }

  private void append(char c) {
    if (++fieldLength > ImportFiles.MAX_CELL_CHARS) throw table.cellTooLong(record, column);
    if (table.wants(column)) field.append(c);
  }

  private void endField() {
    if (table.wants(column)) table.cell(column, unprefixed(field));
    field.setLength(0);
    fieldLength = 0;
    if (++column >= ImportFiles.SHEET_COLUMNS) {
      throw ImportFiles.invalid("Row " + record + ": ensure a row has no more than " + ImportFiles.SHEET_COLUMNS + " columns.");
    }
  }

  private void endRecord() {
    endField();
    table.endRow();
    column = 0;
    record++;
    recordStarted = false;
  }

  /** The field's text without the {@code '} that export puts before a dangerous first character. */
  static String unprefixed(CharSequence text) {
    return CsvFormat.prefixed(text) ? text.subSequence(1, text.length()).toString() : text.toString();
  }
}
