package dev.orderly.export;

import static dev.orderly.export.ImportSamples.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.RowsPage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir Path dir;

  @Test
  void readsBackWhatExportWrote() throws Exception {
    Path file = ImportSamples.csv(dir.resolve("suppliers.csv"));
    List<ImportRow> rows = new ArrayList<>();
    ImportFiles.Parsed parsed = ImportFiles.parse(file, "suppliers.csv", null, ImportSamples.limits(dir, 10), rows::add);

    assertThat(parsed).isEqualTo(new ImportFiles.Parsed(ImportFiles.Format.CSV, 4, 2, 2));
    // record numbers: the quoted line breaks of record 3 do not start records
    assertThat(rows).extracting(ImportRow::row).containsExactly(2L, 3L, 4L, 6L);
    // the ' that export put before = - @ and tab is gone again, and only that one
    assertThat(rows.get(0).values()).isEqualTo(values("1", "S-1", "=SUM(A1:A2)", "12.50", "0.125", "true", "2026-01-31",
        "2026-11-25T10:15:30Z", "a, b", "1234567890123456789"));
    assertThat(rows.get(1).values()).isEqualTo(values(null, "'=x", "quote \" and, comma\nsecond line\r\nthird", "-3.10", "1000000",
        "false", "1999-12-31", "2000-02-29T23:59:59Z", null, "999999999999999"));
    assertThat(rows.get(2).values()).isEqualTo(values(null, "-minus", null, null, null, null, null, null, null, null));
    assertThat(rows.get(3).values()).isEqualTo(values("6", "@at", "\ttab, \u00e9\u00fc \uD834\uDD1E", "0.00", "-0.5", null,
        "0001-01-01", "9999-12-31T23:59:59Z", null, "-42"));
  }

  @Test
  void plainCsvAsSpreadsheetsSaveIt() throws Exception {
    // no BOM, LF, a blank line (a record: counted, skipped), short and long records, no final line break
    String text = "name , code,,ignored\n"
        + "Acme,A1\n"
        + "\n"
        + "\"Quoted \"\"x\"\"\",\"multi\nline\",extra,more,fields\n"
        + "Solo\n"
        + "'abc,'+1\n"
        + "a\"b,\"c\"d\r\n"
        + "\"\",\"\"";
    Path file = Files.writeString(dir.resolve("x.txt"), text, StandardCharsets.UTF_8);
    List<ImportRow> rows = new ArrayList<>();
    ImportFiles.Parsed parsed = ImportFiles.parse(file, "upload", "text/csv; charset=utf-8", ImportSamples.limits(dir, 10), rows::add);

    assertThat(parsed.rows()).isEqualTo(5);
    assertThat(parsed.creates()).isEqualTo(5);
    assertThat(rows).containsExactly(
        new ImportRow(2, new JsonObject().put("name", "Acme").put("code", "A1")),
        new ImportRow(4, new JsonObject().put("name", "Quoted \"x\"").put("code", "multi\nline")),
        new ImportRow(5, new JsonObject().put("name", "Solo").putNull("code")),
        new ImportRow(6, new JsonObject().put("name", "'abc").put("code", "+1")),
        new ImportRow(7, new JsonObject().put("name", "a\"b").put("code", "cd")));
  }

  @Test
  void crOnlyLineEndsAndTheBomAreHandled() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "id,name\r1,x\r2,y\r".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    Path file = Files.write(dir.resolve("mac.csv"), all);
    List<ImportRow> rows = new ArrayList<>();
    ImportFiles.Parsed parsed = ImportFiles.parse(file, "mac.csv", null, ImportSamples.limits(dir, 10), rows::add);

    assertThat(parsed.updates()).isEqualTo(2);
    assertThat(rows).containsExactly(new ImportRow(2, new JsonObject().put("id", "1").put("name", "x")),
        new ImportRow(3, new JsonObject().put("id", "2").put("name", "y")));
  }

  @Test
  void headerProblemsAreErrorsOnFile() throws Exception {
    Path duplicate = Files.writeString(dir.resolve("d.csv"), "name,code,name\nx,y,z\n");
    assertThat(ImportSamples.rejection(duplicate, "d.csv", ImportSamples.limits(dir, 10), new ArrayList<>()))
        .isEqualTo("The column \"name\" appears twice in the header row.");
    Path blank = Files.writeString(dir.resolve("b.csv"), "\nname\nx\n");
    assertThat(ImportSamples.rejection(blank, "b.csv", ImportSamples.limits(dir, 10), new ArrayList<>()))
        .isEqualTo("The first row of the file must hold the column names.");
    Path empty = Files.writeString(dir.resolve("e.csv"), "");
    assertThat(ImportSamples.rejection(empty, "e.csv", ImportSamples.limits(dir, 10), new ArrayList<>()))
        .isEqualTo("The first row of the file must hold the column names.");
    Path open = Files.writeString(dir.resolve("o.csv"), "name\nx\n\"never closed\n");
    assertThat(ImportSamples.rejection(open, "o.csv", ImportSamples.limits(dir, 10), new ArrayList<>()))
        .isEqualTo("Row 3: a quoted field is not closed.");
  }

  @Test
  void theFormulaPrefixRoundTripsWhateverTheTextStartsWith() throws Exception {
    List<String> texts = List.of("=1+1", "'=1+1", "''=1+1", "+x", "-x", "@x", "\tx", "\rx", "'x", "''x", "'", "''", "x'", "'-", "-");
    List<RowsPage.Column> columns = List.of(new RowsPage.Column("text", RowsPage.Kind.STRING));
    JsonArray table = new JsonArray();
    texts.forEach(t -> table.add(new JsonArray().add(t)));
    StringBuilder body = new StringBuilder();
    CsvFormat.rows(body, columns, table);
    Path file = Files.write(dir.resolve("t.csv"), CsvFormat.header(columns).appendBuffer(CsvFormat.encode(body)).getBytes());
    List<ImportRow> rows = new ArrayList<>();
    ImportFiles.parse(file, "t.csv", null, ImportSamples.limits(dir, 100), rows::add);

    assertThat(rows).extracting(r -> r.values().getString("text")).containsExactlyElementsOf(texts);
    assertThat(body.toString()).startsWith("'=1+1\r\n''=1+1\r\n'''=1+1\r\n'+x\r\n");
  }

  @Test
  void aHeaderOnlyFileHasNoRows() throws Exception {
    Path file = Files.writeString(dir.resolve("h.csv"), "id,name\r\n");
    assertThat(ImportFiles.parse(file, "h.csv", null, ImportSamples.limits(dir, 10), row -> { }))
        .isEqualTo(new ImportFiles.Parsed(ImportFiles.Format.CSV, 0, 0, 0));
  }
}
