package dev.orderly.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * A workbook's shared strings ({@code sharedStrings.xml}), which cells of type {@code s} name by index.
 * POI's tables keep every string on the heap; this reads them with SAX into a scratch file (UTF-8, one
 * after another) and keeps only where each ends, so the heap holds 4 bytes a string whatever their text
 * (the file is mapped, not read, to look one up). A string is kept to {@value ImportFiles#MAX_CELL_CHARS}
 * + 1 characters, so a cell that uses a longer one is still found too long; the phonetic runs
 * ({@code rPh}) are no part of the text, as in Excel. At most {@value #MAX_STRINGS} strings.
 */
final class XlsxStrings {
  static final int MAX_STRINGS = 1 << 23;
  static final XlsxStrings NONE = new XlsxStrings(new int[0], 0, null);

  private final int[] ends;
  private final int count;
  private final MappedByteBuffer text;

  private XlsxStrings(int[] ends, int count, MappedByteBuffer text) {
    this.ends = ends;
    this.count = count;
    this.text = text;
  }

  int size() {
    return count;
  }

  /** String {@code index}, or null when the workbook has no such string. */
  String get(int index) {
    if (index < 0 || index >= count) return null;
    int start = index == 0 ? 0 : ends[index - 1];
    byte[] bytes = new byte[ends[index] - start];
    text.get(start, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Reads the strings of {@code in} into a scratch file in {@code scratchDir}, which is gone from the directory
   * when this returns (the mapping outlives the name). Failures of the scratch file are {@link ImportFiles.StorageFailure}s.
   */
  static XlsxStrings read(InputStream in, Path scratchDir) throws IOException, SAXException {
    Path file = scratchDir.resolve("import-" + UUID.randomUUID() + ".strings");
    try {
      Reader reader;
      try (OutputStream out = new BufferedOutputStream(storage(() -> Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)), 64 * 1024)) {
        reader = new Reader(out);
        XmlParts.parse(in, reader, Long.MAX_VALUE);
        storage(() -> {
          out.flush();
          return null;
        });
      }
      MappedByteBuffer text = storage(() -> {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
      });
      return new XlsxStrings(reader.ends, reader.count, text);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private interface Io<T> {
    T get() throws IOException;
  }

  private static <T> T storage(Io<T> io) {
    try {
      return io.get();
    } catch (IOException e) {
      throw new ImportFiles.StorageFailure(e);
    }
  }

  private static final class Reader extends XmlParts.Handler {
    private final OutputStream out;
    private final StringBuilder current = new StringBuilder();
    int[] ends = new int[1024];
    int count;
    private long written;
    private boolean inString;
    private boolean inText;
    private int phonetic;

    Reader(OutputStream out) {
      this.out = out;
    }

    @Override
    void start(String name, Attributes attributes) throws SAXException {
      switch (name) {
        case "si" -> {
          inString = true;
          current.setLength(0);
        }
        case "rPh" -> phonetic++;
        case "t" -> inText = inString && phonetic == 0;
        default -> { }
      }
    }

    @Override
    void end(String name) throws SAXException {
      switch (name) {
        case "t" -> inText = false;
        case "rPh" -> phonetic--;
        case "si" -> {
          inString = false;
          add();
        }
        default -> { }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (!inText) return;
      int room = ImportFiles.MAX_CELL_CHARS + 1 - current.length();
      if (room > 0) current.append(ch, start, Math.min(room, length));
    }

    private void add() throws SAXException {
      if (count >= MAX_STRINGS) throw new SAXException("too many shared strings");
      byte[] bytes = current.toString().getBytes(StandardCharsets.UTF_8);
      written += bytes.length;
      if (written > Integer.MAX_VALUE) throw new SAXException("shared strings too large");
      storage(() -> {
        out.write(bytes);
        return null;
      });
      if (count == ends.length) ends = Arrays.copyOf(ends, count * 2);
      ends[count++] = (int) written;
    }
  }
}
