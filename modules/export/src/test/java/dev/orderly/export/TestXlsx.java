package dev.orderly.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * XLSX files written by hand, part by part, with {@code java.util.zip}: what a test needs to say exactly
 * what a file holds (shared strings, formulas, hostile XML). A part's content may be generated as it is
 * written, so a part of hundreds of megabytes costs only its compressed size on disk.
 */
final class TestXlsx {
  static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  static final String PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

  /** Content written straight into the zip. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Map<String, Content> parts = new LinkedHashMap<>();
  private boolean date1904;

  /** A workbook of one sheet whose {@code sheetData} holds {@code rows} (row XML). */
  static TestXlsx sheet(String rows) {
    return new TestXlsx().sheetXml("<worksheet xmlns=\"" + MAIN + "\"><sheetData>" + rows + "</sheetData></worksheet>");
  }

  TestXlsx sheetXml(String xml) {
    return part("xl/worksheets/sheet1.xml", xml);
  }

  TestXlsx part(String name, String xml) {
    return part(name, out -> out.write(xml.getBytes(StandardCharsets.UTF_8)));
  }

  TestXlsx part(String name, Content content) {
    parts.put(name, content);
    return this;
  }

  TestXlsx styles(String cellXfsAndFormats) {
    return part("xl/styles.xml", "<styleSheet xmlns=\"" + MAIN + "\">" + cellXfsAndFormats + "</styleSheet>");
  }

  TestXlsx sharedStrings(String items) {
    return part("xl/sharedStrings.xml", "<sst xmlns=\"" + MAIN + "\">" + items + "</sst>");
  }

  TestXlsx date1904() {
    date1904 = true;
    return this;
  }

  Path write(Path file) {
    Map<String, Content> all = new LinkedHashMap<>();
    all.put("[Content_Types].xml", text("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        + "</Types>"));
    all.put("_rels/.rels", text("<Relationships xmlns=\"" + PKG_REL + "\"><Relationship Id=\"rId1\" Type=\"" + REL
        + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
    all.put("xl/workbook.xml", text("<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\">"
        + (date1904 ? "<workbookPr date1904=\"1\"/>" : "")
        + "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Other\" sheetId=\"2\" r:id=\"rId9\"/></sheets></workbook>"));
    all.put("xl/_rels/workbook.xml.rels", text("<Relationships xmlns=\"" + PKG_REL + "\">"
        + "<Relationship Id=\"rId1\" Type=\"" + REL + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        + "<Relationship Id=\"rId9\" Type=\"" + REL + "/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"" + REL + "/styles\" Target=\"styles.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"" + REL + "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        + "</Relationships>"));
    all.put("xl/worksheets/sheet2.xml", text("<worksheet xmlns=\"" + MAIN + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
        + "<is><t>not the first sheet</t></is></c></row></sheetData></worksheet>"));
    all.putAll(parts);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      for (Map.Entry<String, Content> part : all.entrySet()) {
        zip.putNextEntry(new ZipEntry(part.getKey()));
        part.getValue().writeTo(zip);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static Content text(String xml) {
    return out -> out.write(xml.getBytes(StandardCharsets.UTF_8));
  }

  /** An inline-string cell. */
  static String str(String ref, String text) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
  }

  /** A numeric cell, with a style when {@code style >= 0}. */
  static String num(String ref, String value, int style) {
    return "<c r=\"" + ref + "\"" + (style >= 0 ? " s=\"" + style + "\"" : "") + "><v>" + value + "</v></c>";
  }

  static String row(int r, String... cells) {
    return "<row r=\"" + r + "\">" + String.join("", cells) + "</row>";
  }
}
