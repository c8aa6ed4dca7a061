package dev.orderly.export;

import static dev.orderly.export.ImportSamples.values;
import static dev.orderly.export.TestXlsx.num;
import static dev.orderly.export.TestXlsx.row;
import static dev.orderly.export.TestXlsx.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.RowsPage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxReaderTest {
  @TempDir Path dir;
  @TempDir Path scratch;

  @Test
  void readsBackWhatExportWrote() throws Exception {
    Path file = ImportSamples.xlsx(dir.resolve("suppliers.xlsx"));
    List<ImportRow> rows = new ArrayList<>();
    ImportFiles.Parsed parsed = ImportFiles.parse(file, "whatever.bin", null, ImportSamples.limits(scratch, 10), rows::add);

    assertThat(parsed).isEqualTo(new ImportFiles.Parsed(ImportFiles.Format.XLSX, 4, 2, 2));
    assertThat(rows).extracting(ImportRow::row).containsExactly(2L, 3L, 4L, 6L);
    // typed cells come back as the API's text: no ".0", no exponent, dates exact; text is never prefixed in XLSX
    assertThat(rows.get(0).values()).isEqualTo(values("1", "S-1", "=SUM(A1:A2)", "12.5", "0.125", "true", "2026-01-31",
        "2026-11-25T10:15:30Z", "a, b", "1234567890123456789"));
    assertThat(rows.get(1).values()).isEqualTo(values(null, "'=x", "quote \" and, comma\nsecond line\r\nthird", "-3.1", "1000000",
        "false", "1999-12-31", "2000-02-29T23:59:59Z", null, "999999999999999"));
    assertThat(rows.get(2).values()).isEqualTo(values(null, "-minus", null, null, null, null, null, null, null, null));
    assertThat(rows.get(3).values()).isEqualTo(values("6", "@at", "\ttab, \u00e9\u00fc \uD834\uDD1E", "0", "-0.5", null,
        "0001-01-01", "9999-12-31T23:59:59Z", null, "-42"));
    assertThat(ImportSamples.filesIn(scratch)).isEmpty();
  }

  @Test
  void sharedStringsFormulasAndStylesAreReadAsExcelShowsThem() throws Exception {
    String styles = "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/></numFmts>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
        + "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"2\"/></cellXfs>";
    String strings = "<si><t>code</t></si><si><t xml:space=\"preserve\"> name </t></si>"
        + "<si><r><rPr><b/></rPr><t>Rich </t></r><r><t>text</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
        + "<si><t>when</t></si><si><t>amount</t></si><si><t>flag</t></si><si><t>id</t></si>";
    String rows = row(1, "<c r=\"A1\" t=\"s\"><v>0</v></c>", "<c r=\"B1\" t=\"s\"><v>1</v></c>", "<c r=\"C1\" t=\"s\"><v>3</v></c>",
            "<c r=\"D1\" t=\"s\"><v>4</v></c>", "<c r=\"E1\" t=\"s\"><v>5</v></c>", "<c r=\"F1\" t=\"s\"><v>6</v></c>",
            str("H1", "after a blank header: ignored"))
        + row(2, "<c r=\"A2\" t=\"s\"><v>2</v></c>", "<c r=\"B2\" t=\"str\"><f>A2&amp;\"!\"</f><v>Rich text!</v></c>",
            num("C2", "45000", 1), num("D2", "1.5E-7", -1), "<c r=\"E2\" t=\"b\"><f>TRUE()</f><v>1</v></c>", num("F2", "12.0", 3),
            str("Z2", "no header: ignored"))
        + "<row r=\"3\"><c r=\"A3\" s=\"1\"/><c r=\"B3\" t=\"inlineStr\"><is><t></t></is></c></row>"
        + row(5, num("C5", "45000.5", 2), "<c r=\"D5\"><f>1/0</f><v>1E+20</v></c>", "<c r=\"E5\" t=\"e\"><v>#DIV/0!</v></c>",
            "<c r=\"F5\"><v>-0</v></c>")
        // cells without a reference follow one another
        + "<row><c t=\"inlineStr\"><is><t>no refs</t></is></c><c><v>7</v></c></row>";
    Path file = TestXlsx.sheet(rows).styles(styles).sharedStrings(strings).write(dir.resolve("book.xlsx"));

    List<ImportRow> read = ImportSamples.read(file, null, scratch);

    assertThat(read).extracting(ImportRow::row).containsExactly(2L, 5L, 6L);
    assertThat(read.get(0).values()).isEqualTo(new JsonObject().put("code", "Rich text").put("name", "Rich text!")
        .put("when", "2023-03-15").put("amount", "0.00000015").put("flag", "true").put("id", "12"));
    assertThat(read.get(1).values()).isEqualTo(new JsonObject().putNull("code").putNull("name")
        .put("when", "2023-03-15T12:00:00Z").put("amount", "100000000000000000000").put("flag", "#DIV/0!").put("id", "0"));
    assertThat(read.get(2).values()).isEqualTo(new JsonObject().put("code", "no refs").put("name", "7")
        .putNull("when").putNull("amount").putNull("flag").putNull("id"));
    assertThat(ImportSamples.filesIn(scratch)).isEmpty();
  }

  @Test
  void everyDateOfTheApiComesBackExactly() throws Exception {
    List<String> dates = List.of("0001-01-01", "1899-12-31", "1900-01-01", "1900-02-28", "1900-03-01", "1970-01-01", "2024-02-29",
        "9999-12-31");
    List<RowsPage.Column> columns = List.of(new RowsPage.Column("day", RowsPage.Kind.DATE), new RowsPage.Column("at", RowsPage.Kind.TIMESTAMP));
    JsonArray table = new JsonArray();
    dates.forEach(d -> table.add(new JsonArray().add(d).add(d + "T23:59:58Z")));
    Path file = dir.resolve("dates.xlsx");
    try (XlsxSheet sheet = new XlsxSheet("dates", columns); OutputStream out = Files.newOutputStream(file)) {
      sheet.append(table);
      sheet.writeTo(out);
    }

    List<ImportRow> rows = ImportSamples.read(file, null, scratch);
    assertThat(rows).extracting(r -> r.values().getString("day")).containsExactlyElementsOf(dates);
    assertThat(rows).extracting(r -> r.values().getString("at")).containsExactlyElementsOf(dates.stream().map(d -> d + "T23:59:58Z").toList());
  }

  @Test
  void the1904DateSystemIsHonoured() throws Exception {
    Path file = TestXlsx.sheet(row(1, str("A1", "since")) + row(2, num("A2", "0", 1)))
        .styles("<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>").date1904().write(dir.resolve("mac.xlsx"));

    assertThat(ImportSamples.read(file, null, scratch)).singleElement()
        .extracting(r -> r.values().getString("since")).isEqualTo("1904-01-01");
  }

  @Test
  void headerNamesAreTrimmedAndTheFirstSheetIsRead() throws Exception {
    Path file = TestXlsx.sheet(row(1, str("A1", " id "), num("B1", "2024", -1)) + row(2, num("A2", "3", -1), str("B2", "x")))
        .write(dir.resolve("sheet.xlsx"));

    assertThat(ImportSamples.read(file, null, scratch)).singleElement()
        .isEqualTo(new ImportRow(2, new JsonObject().put("id", "3").put("2024", "x")));
  }
}
