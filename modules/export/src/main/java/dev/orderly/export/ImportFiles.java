package dev.orderly.export;

import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.ServiceError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * Reads an import file (API.md "Export and import") into {@link ImportRow}s: the same code for the
 * {@code import} action and for the command line, blocking, with no HTTP or event bus. The format is
 * XLSX when the file starts with the zip signature, else CSV when its name ends in {@code .csv} or its
 * content type is {@code text/csv}; anything else is not a spreadsheet. Row 1 holds the column names;
 * cells come as the text the API accepts (see {@link XlsxReader} and {@link CsvReader}).
 *
 * <p>A file that is not what it claims, or breaks a limit, is a 400 {@link ServiceError} on {@code file}
 * ({@code {"file": ["..."]}}), whatever went wrong inside the parsers; one over
 * {@link Limits#maxBytes()} is a 413 {@code too_large}. Memory stays bounded whatever the file holds: a
 * row at a time, cells of at most {@value #MAX_CELL_CHARS} characters, at most {@value #MAX_COLUMNS}
 * named columns and {@value #MAX_ROW_CHARS} characters a row. A failure of the {@link RowSink} itself (a
 * full disk) is not the file's fault and comes out as it is.
 */
public final class ImportFiles {
  /** Excel's limit on the text of a cell. */
  public static final int MAX_CELL_CHARS = 32_767;
  /** Most columns the header row may name. */
  public static final int MAX_COLUMNS = 1024;
  /** Most characters of all the cells of one row together. */
  public static final int MAX_ROW_CHARS = 1 << 20;
  /** Excel's sheet size: rows and columns beyond it are not a spreadsheet's. */
  static final int SHEET_ROWS = 1_048_576;
  static final int SHEET_COLUMNS = 16_384;
  static final String FIELD = "file";
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final Logger log = LoggerFactory.getLogger(ImportFiles.class);

  private ImportFiles() {}

  /**
   * @param maxBytes   the largest file accepted ({@code MAX_IMPORT_SIZE})
   * @param maxRows    the most data rows ({@code IMPORT_MAX_ROWS})
   * @param scratchDir where a large XLSX's shared strings are kept while it is read (deleted after)
   */
  public record Limits(long maxBytes, int maxRows, Path scratchDir) {}

  /** Takes the data rows in file order. */
  @FunctionalInterface
  public interface RowSink {
    void accept(ImportRow row) throws IOException;
  }

  public enum Format { XLSX, CSV }

  /**
   * What was read: the data rows, and how many of them have an {@code id} value (updates) and how many
   * have none (creates).
   */
  public record Parsed(Format format, long rows, long creates, long updates) {}

  /**
   * Reads {@code file} and gives each data row to {@code sink}. Blocking.
   *
   * @param filename    the client's name of the file, or null
   * @param contentType the client's content type of the file, or null
   * @throws ServiceError 400 on {@code file} when the file is not a readable spreadsheet within the limits,
   *                      413 when it is larger than {@link Limits#maxBytes()}
   * @throws IOException  when the file cannot be read or the sink fails
   */
  public static Parsed parse(Path file, String filename, String contentType, Limits limits, RowSink sink) throws IOException {
    if (Files.size(file) > limits.maxBytes()) throw tooLarge(limits.maxBytes());
    Format format = detect(file, filename, contentType);
    ImportTable table = new ImportTable(limits.maxRows(), row -> {
      try {
        sink.accept(row);
      } catch (IOException e) {
        throw new StorageFailure(e);
      }
    });
    try {
      if (format == Format.XLSX) {
        XlsxReader.read(file, limits.scratchDir(), table);
      } else {
        try (InputStream in = Files.newInputStream(file)) {
          CsvReader.read(in, table);
        }
      }
      return table.finish(format);
    } catch (RuntimeException | IOException | SAXException e) {
      Exception meant = translate(e, format);
      if (meant instanceof IOException io) throw io;
      throw (RuntimeException) meant;
    }
  }

  /** The format of {@code file}: by its first bytes, then its name and content type. */
  static Format detect(Path file, String filename, String contentType) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(ZIP_MAGIC.length);
    }
    if (Arrays.equals(head, ZIP_MAGIC)) return Format.XLSX;
    boolean csvName = filename != null && filename.toLowerCase(Locale.ROOT).endsWith(".csv");
    boolean csvType = contentType != null && contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals("text/csv");
    if (csvName || csvType) return Format.CSV;
    throw invalid("The file is not a spreadsheet: send an XLSX file, or a CSV file named .csv.");
  }

  /** A 400 {@code {"file": [message]}}. */
  static ServiceError invalid(String message) {
    return ServiceError.invalid(FIELD, message);
  }

  /** The 400 for a file that claims a format and is not a readable file of it. */
  static ServiceError notValid(Format format) {
    return invalid(format == Format.XLSX
        ? "The file is not a valid XLSX file."
        : "The file is not a valid CSV file.");
  }

  static ServiceError tooLarge(long maxBytes) {
    return ServiceError.of(413, ErrorCodes.TOO_LARGE, "The file is larger than the import limit of " + size(maxBytes) + ".");
  }

  /**
   * What a failure inside a parser means for the client: our own 400s and 413s as they are (they may come
   * wrapped by the XML parser), a failure of our storage as its cause, a bad text encoding as such, and anything
   * else, the file's doing (a broken zip, XML that is not well formed or declares entities, a zip bomb
   * caught by POI), as "not a valid file".
   */
  private static Exception translate(Throwable e, Format format) {
    int depth = 0;
    for (Throwable t = e; t != null && depth++ < 32; t = next(t)) {
      if (t instanceof ServiceError se) return se;
      if (t instanceof StorageFailure sf) return sf.getCause();
      if (t instanceof CharacterCodingException) return invalid("The file is not valid UTF-8 text: save the CSV file as UTF-8.");
    }
    // POI and the zip reader also fail with runtime exceptions on crafted files: say which, should it be ours
    if (e instanceof RuntimeException) log.info("import file rejected as not a valid {}: {}", format, e.toString());
    log.debug("import file rejected as not a valid {}", format, e);
    return notValid(format);
  }

  private static Throwable next(Throwable t) {
    if (t instanceof SAXException sax && sax.getException() != null && sax.getException() != t) return sax.getException();
    return t.getCause() == t ? null : t.getCause();
  }

  private static String size(long bytes) {
    long mib = 1024 * 1024;
    return bytes % mib == 0 ? bytes / mib + " MiB" : bytes + " bytes";
  }

  /** A failure of our own storage (the sink, a scratch file), not the file's fault: carried through the parsers untouched. */
  static final class StorageFailure extends RuntimeException {
    StorageFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
