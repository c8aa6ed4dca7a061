package dev.orderly.export;

import dev.orderly.export.XlsxPackage.Relationship;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.poi.ss.usermodel.DateUtil;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * Reads the first sheet of an XLSX file as a stream of SAX events ({@link XlsxPackage}, {@link XmlParts}),
 * a row at a time, never as a workbook in memory. Cells become the text the API accepts, as export wrote
 * them ({@link XlsxSheet}): a number in a date format is {@code YYYY-MM-DD}, or
 * {@code YYYY-MM-DDTHH:MM:SSZ} when it has a time of day (1900 or 1904 date system, as the workbook says);
 * another number is its plain decimal text, from the digits the file holds (no exponent, no {@code .0},
 * no binary noise); a boolean is {@code true}/{@code false}; a formula is its cached value, never
 * evaluated. Rows are numbered as in the sheet; the {@code <dimension>} a file claims is never trusted.
 */
final class XlsxReader {
  /** Serial number of 10000-01-01: later is no date. */
  private static final double END_OF_DATES = 2_958_466;
  private static final int MAX_NUMBER_DIGITS = 400;
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

  private XlsxReader() {}

  static void read(Path file, Path scratchDir, ImportTable table) throws IOException, SAXException {
    try (XlsxPackage pkg = XlsxPackage.open(file)) {
      String workbook = pkg.workbook();
      Map<String, Relationship> relationships = pkg.relationships(workbook);
      Workbook book = new Workbook();
      XmlParts.parse(pkg.open(workbook), book, Long.MAX_VALUE);
      Relationship sheet = book.firstSheet == null ? null : relationships.get(book.firstSheet);
      if (sheet == null || sheet.target() == null || !pkg.has(sheet.target())) throw new IOException("no first sheet");
      if (!sheet.type().endsWith("/worksheet")) throw ImportFiles.invalid("The first sheet of the file is not a worksheet.");
      String stylesPart = target(relationships, "/styles");
      XlsxStyles styles = pkg.has(stylesPart) ? XlsxStyles.read(pkg.open(stylesPart)) : XlsxStyles.NONE;
      String stringsPart = target(relationships, "/sharedStrings");
      XlsxStrings strings = pkg.has(stringsPart) ? XlsxStrings.read(pkg.open(stringsPart), scratchDir) : XlsxStrings.NONE;
      XmlParts.parse(pkg.open(sheet.target()), new Sheet(table, styles, strings, book.date1904), Long.MAX_VALUE);
    }
  }

  private static String target(Map<String, Relationship> relationships, String typeSuffix) {
    for (Relationship r : relationships.values()) if (r.type().endsWith(typeSuffix) && r.target() != null) return r.target();
    return null;
  }

  /** {@code workbook.xml}: the date system, and the relationship id of the first sheet in tab order. */
  private static final class Workbook extends XmlParts.Handler {
    String firstSheet;
    boolean date1904;

    @Override
    void start(String name, Attributes attributes) {
      if (name.equals("workbookPr")) {
        String v = XmlParts.attribute(attributes, "date1904");
        date1904 = "1".equals(v) || "true".equalsIgnoreCase(v);
      } else if (name.equals("sheet") && firstSheet == null) {
        firstSheet = XmlParts.attribute(attributes, "id");
      }
    }

    @Override
    void end(String name) throws SAXException {
      if (name.equals("sheets")) throw new XmlParts.Stop();
    }
  }

  /** The worksheet part: {@code sheetData/row/c}, with {@code v} or an inline string {@code is}. */
  private static final class Sheet extends XmlParts.Handler {
    private final ImportTable table;
    private final XlsxStyles styles;
    private final XlsxStrings strings;
    private final boolean date1904;
    private final StringBuilder value = new StringBuilder();
    private boolean inData;
    private long row;
    private int column;
    private String type;
    private int style;
    private boolean wanted;
    private boolean hasValue;
    private boolean capturing;
    private boolean inInline;
    private int phonetic;

    Sheet(ImportTable table, XlsxStyles styles, XlsxStrings strings, boolean date1904) {
      this.table = table;
      this.styles = styles;
      this.strings = strings;
      this.date1904 = date1904;
    }

    @Override
    void start(String name, Attributes attributes) throws SAXException {
      switch (name) {
        case "sheetData" -> inData = true;
        case "row" -> {
          if (!inData) return;
          String r = XmlParts.attribute(attributes, "r");
          long number = r == null ? row + 1 : parseLong(r);
          if (number <= row || number > ImportFiles.SHEET_ROWS) throw new SAXException("row number out of order or range");
          row = number;
          column = -1;
          table.startRow(row);
        }
        case "c" -> {
          if (!inData) return;
          int at = columnOf(XmlParts.attribute(attributes, "r"));
          if (at <= column || at >= ImportFiles.SHEET_COLUMNS) throw new SAXException("cell reference out of order or range");
          column = at;
          type = XmlParts.attribute(attributes, "t");
          String s = XmlParts.attribute(attributes, "s");
          style = s == null ? 0 : (int) Math.min(Integer.MAX_VALUE, parseLong(s));
          wanted = table.wants(column);
          hasValue = false;
          value.setLength(0);
        }
        // an inline string's text is its <is> alone (as Excel reads it: POI, rewriting one, can leave a stale <v> beside it)
        case "v" -> capturing = wanted && !"inlineStr".equals(type);
        case "is" -> inInline = true;
        case "rPh" -> phonetic++;
        case "t" -> capturing = wanted && inInline && phonetic == 0 && "inlineStr".equals(type);
        default -> { }
      }
    }

    @Override
    void end(String name) throws SAXException {
      switch (name) {
        case "v", "t" -> {
          hasValue |= capturing;
          capturing = false;
        }
        case "is" -> inInline = false;
        case "rPh" -> phonetic--;
        case "c" -> {
          if (wanted && hasValue) table.cell(column, text());
          wanted = false;
        }
        case "row" -> table.endRow();
        case "sheetData" -> throw new XmlParts.Stop();
        default -> { }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (!capturing) return;
      if (value.length() + length > ImportFiles.MAX_CELL_CHARS) throw table.cellTooLong(row, column);
      value.append(ch, start, length);
    }

    private String text() throws SAXException {
      String raw = value.toString();
      if (type == null) return number(raw, styles.isDate(style), date1904);
      return switch (type) {
        case "s" -> {
          String shared = strings.get((int) Math.min(Integer.MAX_VALUE, parseLong(raw.trim())));
          if (shared == null) throw new SAXException("no such shared string");
          yield shared;
        }
        case "inlineStr", "str", "e" -> raw;
        case "b" -> switch (raw.trim()) {
          case "1", "true" -> "true";
          case "0", "false" -> "false";
          default -> raw;
        };
        case "d" -> isoDate(raw.trim());
        default -> number(raw, styles.isDate(style), date1904);
      };
    }

    private static long parseLong(String text) throws SAXException {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new SAXException("not a number");
      }
    }

    /** The column of a cell reference ({@code B7} is 1); none given is the next one. */
    private int columnOf(String reference) throws SAXException {
      if (reference == null) return column + 1;
      int at = 0;
      int letters = 0;
      while (letters < reference.length() && letters < 4) {
        char c = Character.toUpperCase(reference.charAt(letters));
        if (c < 'A' || c > 'Z') break;
        at = at * 26 + (c - 'A' + 1);
        letters++;
      }
      if (letters == 0) throw new SAXException("bad cell reference");
      return at - 1;
    }
  }

  /** A numeric cell's text: a date when its format is one, else plain decimal digits. */
  static String number(String raw, boolean date, boolean date1904) {
    String text = raw.trim();
    if (text.isEmpty()) return null;
    BigDecimal n;
    try {
      n = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return raw;
    }
    // Excel's numbers are doubles: an exponent far beyond one is no number of a sheet, and in full it would be gigabytes
    if (n.scale() > MAX_NUMBER_DIGITS || n.precision() - n.scale() > MAX_NUMBER_DIGITS) return text;
    if (date) {
      String d = date(n.doubleValue(), date1904);
      if (d != null) return d;
    }
    BigDecimal plain = n.stripTrailingZeros();
    return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
  }

  private static String date(double serial, boolean date1904) {
    if (serial < 0 || serial >= END_OF_DATES || !DateUtil.isValidExcelDate(serial)) return null;
    LocalDateTime at;
    try {
      at = DateUtil.getLocalDateTime(serial, date1904, true);
    } catch (RuntimeException e) {
      return null;
    }
    if (at == null || at.getYear() < 1) return null;
    return at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate().toString() : at.format(TIMESTAMP);
  }

  /** A cell of type {@code d} (ISO 8601 text, written by some tools) in the same shapes as a dated number. */
  private static String isoDate(String text) {
    try {
      LocalDateTime at = LocalDateTime.parse(text.endsWith("Z") ? text.substring(0, text.length() - 1) : text);
      return at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate().toString() : at.withNano(0).format(TIMESTAMP);
    } catch (DateTimeParseException notDateTime) {
      try {
        return LocalDate.parse(text).toString();
      } catch (DateTimeParseException notDate) {
        return text;
      }
    }
  }
}
