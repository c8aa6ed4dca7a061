package dev.orderly.export;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * Which cell styles of a workbook show numbers as dates: read with SAX from {@code styles.xml}, keeping only
 * the number format of each cell format ({@code cellXfs/xf/@numFmtId}) and the custom format codes
 * ({@code numFmts}), decided as POI decides ({@link DateUtil#isADateFormat(int, String)}). Excel allows
 * 64 000 cell formats; more than {@value #MAX_FORMATS} is not a workbook.
 */
final class XlsxStyles {
  static final int MAX_FORMATS = 1 << 16;
  private static final int MAX_CODE = 255;
  /** No styles part: every number is a number. */
  static final XlsxStyles NONE = new XlsxStyles(new boolean[0]);

  private final boolean[] dates;

  private XlsxStyles(boolean[] dates) {
    this.dates = dates;
  }

  /** Whether cell format {@code index} (a cell's {@code s}) is a date format. */
  boolean isDate(int index) {
    return index >= 0 && index < dates.length && dates[index];
  }

  static XlsxStyles read(InputStream in) throws IOException, SAXException {
    Reader reader = new Reader();
    XmlParts.parse(in, reader, Long.MAX_VALUE);
    boolean[] dates = new boolean[reader.count];
    for (int i = 0; i < reader.count; i++) {
      int id = reader.formats[i];
      String code = reader.codes.containsKey(id) ? reader.codes.get(id) : BuiltinFormats.getBuiltinFormat(id);
      // Excel's format codes have at most 255 characters: a longer one is no format, so not a date
      dates[i] = code != null && code.length() <= MAX_CODE && DateUtil.isADateFormat(id, code);
    }
    return new XlsxStyles(dates);
  }

  private static final class Reader extends XmlParts.Handler {
    final Map<Integer, String> codes = new HashMap<>();
    int[] formats = new int[64];
    int count;
    private boolean inCellXfs;

    @Override
    void start(String name, Attributes attributes) throws SAXException {
      if (name.equals("numFmt")) {
        Integer id = number(XmlParts.attribute(attributes, "numFmtId"));
        String code = XmlParts.attribute(attributes, "formatCode");
        if (id == null || code == null) return;
        if (codes.size() >= MAX_FORMATS) throw new SAXException("too many number formats");
        codes.put(id, code);
      } else if (name.equals("cellXfs")) {
        inCellXfs = true;
      } else if (name.equals("xf") && inCellXfs) {
        if (count >= MAX_FORMATS) throw new SAXException("too many cell formats");
        if (count == formats.length) formats = Arrays.copyOf(formats, count * 2);
        Integer id = number(XmlParts.attribute(attributes, "numFmtId"));
        formats[count++] = id == null ? 0 : id;
      }
    }

    @Override
    void end(String name) throws SAXException {
      // numFmts come before cellXfs: nothing after it matters
      if (name.equals("cellXfs")) throw new XmlParts.Stop();
    }
  }

  private static Integer number(String text) {
    if (text == null) return null;
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
