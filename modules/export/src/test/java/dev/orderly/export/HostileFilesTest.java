package dev.orderly.export;

import static dev.orderly.export.TestXlsx.row;
import static dev.orderly.export.TestXlsx.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.ServiceError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files built to hurt: each is a 400 on {@code file} (or, for empty rows, simply nothing to import), fast,
 * with bounded memory, nothing given to the sink, and no scratch file left behind. Every file is built here,
 * small on disk: the huge ones are small zips of huge, compressible parts, or generated streams.
 */
class HostileFilesTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String XLSX_INVALID = "The file is not a valid XLSX file.";

  @TempDir Path dir;
  @TempDir Path scratch;
  private final List<ImportRow> rows = new ArrayList<>();

  @AfterEach
  void nothingLeftAndNothingRead() {
    assertThat(ImportSamples.filesIn(scratch)).isEmpty();
  }

  private String rejected(Path file, String filename) {
    return rejected(file, filename, ImportSamples.limits(scratch, 100_000));
  }

  /** The message of the 400, which came before any row reached the sink. */
  private String rejected(Path file, String filename, ImportFiles.Limits limits) {
    String message = rejectedAfterRows(file, filename, limits);
    assertThat(rows).as("rows given to the sink").isEmpty();
    return message;
  }

  private String rejectedAfterRows(Path file, String filename, ImportFiles.Limits limits) {
    return assertTimeoutPreemptively(DEADLINE, () -> ImportSamples.rejection(file, filename, limits, rows));
  }

  @Test
  void randomBytesAreNotASpreadsheet() throws IOException {
    Path file = Files.write(dir.resolve("data.bin"), randomBytes(4096));
    assertThat(rejected(file, "data.bin")).isEqualTo("The file is not a spreadsheet: send an XLSX file, or a CSV file named .csv.");
  }

  @Test
  void aPngIsNotASpreadsheetWhateverItsName() throws IOException {
    byte[] png = new byte[512];
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
    Path file = Files.write(dir.resolve("image.png"), png);
    assertThat(rejected(file, "image.png")).startsWith("The file is not a spreadsheet");
    assertThat(rejected(file, "image.xlsx")).startsWith("The file is not a spreadsheet");
    assertThat(rejected(file, "image.csv")).isEqualTo("The file is not valid UTF-8 text: save the CSV file as UTF-8.");
  }

  @Test
  void binaryGarbageNamedCsvIsNotCsv() throws IOException {
    Path file = Files.write(dir.resolve("garbage.csv"), randomBytes(1 << 20));
    assertThat(rejected(file, "garbage.csv")).isEqualTo("The file is not valid UTF-8 text: save the CSV file as UTF-8.");
    // valid UTF-8 that is binary all the same
    Path nul = Files.write(dir.resolve("nul.csv"), "id,name\n1,a\u0000b\n".getBytes(StandardCharsets.UTF_8));
    assertThat(rejected(nul, "nul.csv")).isEqualTo("The file is not a valid CSV file: it holds binary data.");
  }

  @Test
  void aTruncatedZipIsNotAnXlsx() throws IOException {
    Path whole = ImportSamples.xlsx(dir.resolve("whole.xlsx"));
    byte[] bytes = Files.readAllBytes(whole);
    Path file = Files.write(dir.resolve("cut.xlsx"), Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(rejected(file, "cut.xlsx")).isEqualTo(XLSX_INVALID);
  }

  @Test
  void aZipThatIsNoWorkbookIsNotAnXlsx() throws IOException {
    Path file = new TestXlsx().part("_rels/.rels", "<Relationships xmlns=\"" + TestXlsx.PKG_REL + "\"/>").write(dir.resolve("z.xlsx"));
    assertThat(rejected(file, "z.xlsx")).isEqualTo(XLSX_INVALID);
  }

  @Test
  void aZipBombIsStoppedByPoisInflateRatio() throws IOException {
    // 300 MiB of XML whitespace inside the sheet: a zip of about 300 KB
    Path file = new TestXlsx().part("xl/worksheets/sheet1.xml", out -> {
      out.write(("<worksheet xmlns=\"" + TestXlsx.MAIN + "\"><sheetData>").getBytes(StandardCharsets.US_ASCII));
      repeat(out, (byte) ' ', 300L << 20);
      out.write("</sheetData></worksheet>".getBytes(StandardCharsets.US_ASCII));
    }).write(dir.resolve("bomb.xlsx"));
    assertThat(Files.size(file)).isLessThan(2 << 20);
    assertThatThrownBy(() -> XlsxReader.read(file, scratch, new ImportTable(10, rows::add))).hasMessageContaining("Zip bomb detected");
    assertThat(rejected(file, "bomb.xlsx")).isEqualTo(XLSX_INVALID);
  }

  @Test
  void aZipOfManyEntriesIsRefusedBeforeTheZipReaderBuildsThem() throws IOException {
    TestXlsx many = TestXlsx.sheet(row(1, str("A1", "name")) + row(2, str("A2", "x")));
    for (int i = 0; i < XlsxPackage.MAX_ENTRIES; i++) many.part("xl/media/empty" + i + ".bin", out -> { });
    assertThat(rejected(many.write(dir.resolve("many.xlsx")), null)).isEqualTo(XLSX_INVALID);
  }

  @Test
  void anExternalEntityIsNeverResolved() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "the secret");
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
        + "<worksheet xmlns=\"" + TestXlsx.MAIN + "\"><sheetData>" + row(1, str("A1", "name")) + row(2, str("A2", "&xxe;"))
        + "</sheetData></worksheet>";
    assertThat(rejected(new TestXlsx().sheetXml(xxe).write(dir.resolve("xxe.xlsx")), "xxe.xlsx")).isEqualTo(XLSX_INVALID);
    // in the relationships, which the package reads first
    String rels = "<!DOCTYPE Relationships [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><Relationships xmlns=\""
        + TestXlsx.PKG_REL + "\"><Relationship Id=\"&xxe;\" Type=\"x\" Target=\"y\"/></Relationships>";
    Path inRels = TestXlsx.sheet(row(1, str("A1", "name"))).part("_rels/.rels", rels).write(dir.resolve("xxe-rels.xlsx"));
    assertThat(rejected(inRels, "xxe-rels.xlsx")).isEqualTo(XLSX_INVALID);
  }

  @Test
  void billionLaughsAreRefused() throws IOException {
    StringBuilder doctype = new StringBuilder("<!DOCTYPE worksheet [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
      doctype.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
    }
    String xml = doctype + "]><worksheet xmlns=\"" + TestXlsx.MAIN + "\"><sheetData>" + row(1, str("A1", "name"))
        + row(2, str("A2", "&lol9;")) + "</sheetData></worksheet>";
    Path file = new TestXlsx().sheetXml(xml).sharedStrings("<si><t>x</t></si>").write(dir.resolve("lol.xlsx"));
    assertThat(rejected(file, "lol.xlsx")).isEqualTo(XLSX_INVALID);
  }

  @Test
  void aMillionEmptyRowsAndAHugeDimensionCostOnlyParsing() throws IOException {
    Path file = new TestXlsx().part("xl/worksheets/sheet1.xml", out -> {
      out.write(("<worksheet xmlns=\"" + TestXlsx.MAIN + "\"><dimension ref=\"A1:XFD1048576\"/><sheetData>"
          + row(1, str("A1", "name"))).getBytes(StandardCharsets.US_ASCII));
      for (int r = 2; r <= ImportFiles.SHEET_ROWS; r++) {
        out.write(("<row r=\"" + r + "\" spans=\"1:16384\"><c r=\"A" + r + "\" s=\"0\"/></row>").getBytes(StandardCharsets.US_ASCII));
      }
      out.write("</sheetData></worksheet>".getBytes(StandardCharsets.US_ASCII));
    }).write(dir.resolve("empty-rows.xlsx"));
    assertThat(Files.size(file)).isLessThan(8 << 20);

    ImportFiles.Parsed parsed = assertTimeoutPreemptively(DEADLINE,
        () -> ImportFiles.parse(file, null, null, ImportSamples.limits(scratch, 100_000), rows::add));
    assertThat(parsed.rows()).isZero();
    assertThat(rows).isEmpty();
  }

  @Test
  void theLastRowOfASheetIsARowAndOneBeyondIsNoSheet() throws IOException {
    Path last = TestXlsx.sheet(row(1, str("A1", "name")) + row(ImportFiles.SHEET_ROWS, str("A1048576", "x")))
        .write(dir.resolve("last.xlsx"));
    assertThat(ImportSamples.read(last, null, scratch)).extracting(ImportRow::row).containsExactly((long) ImportFiles.SHEET_ROWS);
    Path beyond = TestXlsx.sheet(row(1, str("A1", "name")) + row(ImportFiles.SHEET_ROWS + 1, str("A1048577", "x")))
        .write(dir.resolve("beyond.xlsx"));
    assertThat(rejected(beyond, null)).isEqualTo(XLSX_INVALID);
  }

  @Test
  void moreDataRowsThanTheLimitAreRefusedNamingTheLimit() throws IOException {
    StringBuilder sheet = new StringBuilder(row(1, str("A1", "name")));
    StringBuilder csv = new StringBuilder("name\r\n");
    for (int r = 2; r <= 1002; r++) {
      sheet.append(row(r, str("A" + r, "n" + r)));
      csv.append("n").append(r).append("\r\n");
    }
    ImportFiles.Limits limits = ImportSamples.limits(scratch, 1000);
    String expected = "Ensure the file has no more than 1000 data rows.";
    assertThat(rejectedAfterRows(TestXlsx.sheet(sheet.toString()).write(dir.resolve("many.xlsx")), null, limits)).isEqualTo(expected);
    assertThat(rows).hasSize(1000);
    rows.clear();
    assertThat(rejectedAfterRows(Files.writeString(dir.resolve("many.csv"), csv), "many.csv", limits)).isEqualTo(expected);
  }

  @Test
  void aCellOverExcelsLimitIsRefusedNamingRowAndColumn() throws IOException {
    String long32768 = "x".repeat(ImportFiles.MAX_CELL_CHARS + 1);
    String expected = "Row 2, column \"name\" (B): ensure a cell has no more than 32767 characters.";
    Path inline = TestXlsx.sheet(row(1, str("A1", "code"), str("B1", "name")) + row(2, str("A2", "c"), str("B2", long32768)))
        .write(dir.resolve("inline.xlsx"));
    assertThat(rejected(inline, null)).isEqualTo(expected);
    Path shared = TestXlsx.sheet(row(1, str("A1", "code"), str("B1", "name")) + row(2, str("A2", "c"), "<c r=\"B2\" t=\"s\"><v>0</v></c>"))
        .sharedStrings("<si><t>" + "y".repeat(40_000) + "</t></si>").write(dir.resolve("shared.xlsx"));
    assertThat(rejected(shared, null)).isEqualTo(expected);
    Path csv = Files.writeString(dir.resolve("long.csv"), "code,name\nc,\"" + long32768 + "\"\n");
    assertThat(rejected(csv, "long.csv")).isEqualTo(expected);
  }

  @Test
  void aHundredMegabyteCsvLineFailsAtTheCellLimitWithoutBeingRead() {
    for (byte filler : new byte[] {'a', ','}) {
      Generated line = new Generated("name\n".getBytes(StandardCharsets.US_ASCII), filler, 100L << 20);
      ImportTable table = new ImportTable(100_000, rows::add);
      ServiceError error = assertTimeoutPreemptively(DEADLINE, () -> {
        try {
          CsvReader.read(line, table);
          return null;
        } catch (ServiceError e) {
          return e;
        }
      });
      assertThat(error).isNotNull();
      assertThat(error.body().getJsonArray("file").getString(0))
          .isEqualTo(filler == 'a' ? "Row 2, column \"name\" (A): ensure a cell has no more than 32767 characters."
              : "Row 2: ensure a row has no more than 16384 columns.");
      assertThat(line.served).as("bytes read of 100 MiB").isLessThan(1L << 20);
    }
  }

  @Test
  void deepNestingAndHugeTagsAreRefused() throws IOException {
    String deep = "<worksheet xmlns=\"" + TestXlsx.MAIN + "\"><sheetData>" + row(1, str("A1", "name"))
        + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is>" + "<r>".repeat(100_000) + "</is></c></row></sheetData></worksheet>";
    assertThat(rejected(new TestXlsx().sheetXml(deep).write(dir.resolve("deep.xlsx")), null)).isEqualTo(XLSX_INVALID);
    // an attribute of 64 MiB, which the XML parser would keep whole: cut after 1 MiB
    Generated tag = new Generated("<worksheet><sheetData><row r=\"1\" x=\"".getBytes(StandardCharsets.US_ASCII), (byte) 'a', 64L << 20);
    assertThatThrownBy(() -> XmlParts.parse(tag, new XmlParts.Handler() {
      @Override
      void start(String name, org.xml.sax.Attributes attributes) { }
    }, Long.MAX_VALUE)).hasMessageContaining("markup longer than");
    assertThat(tag.served).isLessThan(2L << 20);
    // and in a file: 2 MiB of random letters compress too little for the zip-bomb check to catch them
    Random random = new Random(7);
    Path hugeTag = new TestXlsx().part("xl/worksheets/sheet1.xml", out -> {
      out.write(("<worksheet xmlns=\"" + TestXlsx.MAIN + "\"><sheetData><row r=\"1\" x=\"").getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 2 << 20; i++) out.write('a' + random.nextInt(26));
      out.write("\"/></sheetData></worksheet>".getBytes(StandardCharsets.US_ASCII));
    }).write(dir.resolve("tag.xlsx"));
    assertThat(rejected(hugeTag, null)).isEqualTo(XLSX_INVALID);
  }

  @Test
  void aFirstSheetThatIsAChartIsNotImported() throws IOException {
    String rels = "<Relationships xmlns=\"" + TestXlsx.PKG_REL + "\"><Relationship Id=\"rId1\" Type=\"" + TestXlsx.REL
        + "/chartsheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    Path file = TestXlsx.sheet(row(1, str("A1", "name"))).part("xl/_rels/workbook.xml.rels", rels).write(dir.resolve("chart.xlsx"));
    assertThat(rejected(file, null)).isEqualTo("The first sheet of the file is not a worksheet.");
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(42).nextBytes(bytes);
    bytes[0] = (byte) 0xC3; // never the zip signature, and no valid UTF-8 start either
    bytes[1] = (byte) 0x28;
    return bytes;
  }

  private static void repeat(OutputStream out, byte b, long count) throws IOException {
    byte[] block = new byte[1 << 16];
    Arrays.fill(block, b);
    for (long left = count; left > 0; left -= block.length) out.write(block, 0, (int) Math.min(block.length, left));
  }

  /** A prefix, then {@code length} bytes of {@code filler}, generated as they are read; counts what was read. */
  private static final class Generated extends InputStream {
    private final byte[] prefix;
    private final byte filler;
    private final long length;
    long served;

    Generated(byte[] prefix, byte filler, long length) {
      this.prefix = prefix;
      this.filler = filler;
      this.length = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (served >= prefix.length + length) return -1;
      int n = (int) Math.min(len, prefix.length + length - served);
      for (int i = 0; i < n; i++, served++) b[off + i] = served < prefix.length ? prefix[(int) served] : filler;
      return n;
    }
  }
}
