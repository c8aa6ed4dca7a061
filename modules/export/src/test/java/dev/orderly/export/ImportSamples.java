package dev.orderly.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.RowsPage.Column;
import dev.orderly.core.bus.RowsPage.Kind;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** An export-shaped table written by the project's own writers, and the rows an import reads back. */
final class ImportSamples {
  static final List<Column> COLUMNS = List.of(
      new Column("id", Kind.INTEGER), new Column("code", Kind.STRING), new Column("name", Kind.STRING),
      new Column("price", Kind.DECIMAL), new Column("qty", Kind.DECIMAL), new Column("active", Kind.BOOLEAN),
      new Column("since", Kind.DATE), new Column("updated_at", Kind.TIMESTAMP), new Column("tags", Kind.NAMES),
      new Column("big", Kind.INTEGER));

  /** Rows as the list renders them: decimals and dates as strings, names as arrays. */
  static JsonArray rows() {
    return new JsonArray()
        .add(new JsonArray().add(1).add("S-1").add("=SUM(A1:A2)").add("12.50").add("0.125").add(true).add("2026-01-31")
            .add("2026-11-25T10:15:30Z").add(new JsonArray().add("a").add("b")).add(1234567890123456789L))
        .add(new JsonArray().add(null).add("'=x").add("quote \" and, comma\nsecond line\r\nthird").add("-3.10").add("1000000")
            .add(false).add("1999-12-31").add("2000-02-29T23:59:59Z").add(new JsonArray()).add(999999999999999L))
        .add(new JsonArray().add(null).add("-minus").add(null).add(null).add(null).add(null).add(null).add(null).add(null).add(null))
        .add(new JsonArray().add(null).add(null).add(null).add(null).add(null).add(null).add(null).add(null).add(null).add(null))
        .add(new JsonArray().add(6).add("@at").add("\ttab, \u00e9\u00fc \uD834\uDD1E").add("0.00").add("-0.5").add(null)
            .add("0001-01-01").add("9999-12-31T23:59:59Z").add(null).add(-42));
  }

  static Path xlsx(Path file) {
    try (XlsxSheet sheet = new XlsxSheet("suppliers", COLUMNS); OutputStream out = Files.newOutputStream(file)) {
      sheet.append(rows());
      sheet.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static Path csv(Path file) {
    StringBuilder text = new StringBuilder();
    CsvFormat.rows(text, COLUMNS, rows());
    try {
      Files.write(file, CsvFormat.header(COLUMNS).appendBuffer(CsvFormat.encode(text)).getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A row of {@link #COLUMNS} from values in column order. */
  static JsonObject values(Object... values) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < COLUMNS.size(); i++) json.put(COLUMNS.get(i).name(), values[i]);
    return json;
  }

  /** Reads a file with generous limits, the scratch files in {@code scratch}. */
  static List<ImportRow> read(Path file, String filename, Path scratch) throws IOException {
    List<ImportRow> rows = new ArrayList<>();
    ImportFiles.parse(file, filename, null, limits(scratch, 100_000), rows::add);
    return rows;
  }

  static ImportFiles.Limits limits(Path scratch, int maxRows) {
    return new ImportFiles.Limits(50L << 20, maxRows, scratch);
  }

  /** The 400 a file gets, checked to be on {@code file}; the message. */
  static String rejection(Path file, String filename, ImportFiles.Limits limits, List<ImportRow> rows) {
    ServiceError error = catchThrowableOfType(ServiceError.class, () -> ImportFiles.parse(file, filename, null, limits, rows::add));
    assertThat(error).as("rejected").isNotNull();
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.body().fieldNames()).containsExactly("file");
    return error.body().getJsonArray("file").getString(0);
  }

  /** The regular files left under {@code dir}. */
  static List<Path> filesIn(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ImportSamples() {}
}
