package dev.orderly.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * The parts of an XLSX package that an import reads, found by their relationships as OPC says: the
 * workbook ({@code _rels/.rels}), its first sheet, its styles and its shared strings
 * ({@code xl/_rels/workbook.xml.rels} and {@code workbook.xml}). The zip is POI's {@link ZipSecureFile}, so
 * its zip-bomb checks hold for every part read (an entry inflating at more than 100 times its compressed
 * size, or to more than {@value #MAX_ENTRY_SIZE} bytes, fails as it is read), with at most
 * {@value #MAX_ENTRIES} entries, counted before the zip reader sees the file.
 *
 * <p>Why not POI's {@code OPCPackage}/{@code XSSFReader}: opening one builds a DOM of
 * {@code [Content_Types].xml}, of every relationships part it touches and of every part the content types
 * call core properties, each up to the entry size limit: a 7.8 MB file whose content types inflate to
 * 170 MB (well within POI's ratio) runs a 1 GiB heap out of memory there. Here every part is read with SAX
 * ({@link XmlParts}), relationship parts are cut at {@value #MAX_RELATIONSHIPS_BYTES} bytes, and the
 * content types are not needed at all.
 */
final class XlsxPackage implements Closeable {
  /** Largest inflated entry: a 100 000-row sheet of 30 columns is about 150 MB of XML. */
  static final long MAX_ENTRY_SIZE = 256L << 20;
  static final int MAX_ENTRIES = 1000;
  static final long MAX_RELATIONSHIPS_BYTES = 4L << 20;
  /** {@code PK\1\2}, the signature of a central-directory file header, read big-endian. */
  private static final int CENTRAL_HEADER = 0x504B0102;

  static {
    ZipSecureFile.setMinInflateRatio(0.01);
    ZipSecureFile.setMaxEntrySize(MAX_ENTRY_SIZE);
    ZipSecureFile.setMaxFileCount(MAX_ENTRIES);
    // for POI's text extractors (an import uses none: its limits are per cell and per row); below POI's default
    ZipSecureFile.setMaxTextSize(8L << 20);
  }

  /** A relationship: its type and its target's part name (no leading slash), or null for an external target. */
  record Relationship(String type, String target) {}

  private final ZipSecureFile zip;
  private final Map<String, ZipArchiveEntry> entries = new HashMap<>();

  private XlsxPackage(ZipSecureFile zip) throws IOException {
    this.zip = zip;
    int count = 0;
    for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
      ZipArchiveEntry entry = e.nextElement();
      if (++count > MAX_ENTRIES) throw new IOException("more than " + MAX_ENTRIES + " zip entries");
      // part names are case-insensitive (OPC): two entries that differ by case only are one part twice
      if (entries.put(entry.getName().toLowerCase(Locale.ROOT), entry) != null) throw new IOException("duplicate zip entry");
    }
  }

  static XlsxPackage open(Path file) throws IOException {
    checkEntryCount(file);
    ZipSecureFile zip = new ZipSecureFile(file.toFile());
    try {
      return new XlsxPackage(zip);
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  /**
   * Refuses a file with more than {@value #MAX_ENTRIES} central-directory headers before the zip reader
   * builds an object for each (600 000 empty entries fit in 50 MB and cost it 270 MB of heap and 13 s).
   * Counting the header signature anywhere in the file can only count more than the reader will find, so no
   * crafted directory gets past it; a legitimate workbook has a few dozen entries.
   */
  private static void checkEntryCount(Path file) throws IOException {
    int count = 0;
    int window = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          window = window << 8 | buffer[i] & 0xff;
          if (window == CENTRAL_HEADER && ++count > MAX_ENTRIES) throw new IOException("more than " + MAX_ENTRIES + " zip entries");
        }
      }
    }
  }

  boolean has(String part) {
    return part != null && entries.containsKey(part.toLowerCase(Locale.ROOT));
  }

  /** The inflated content of {@code part}, checked by {@link ZipSecureFile} as it is read. */
  InputStream open(String part) throws IOException {
    ZipArchiveEntry entry = part == null ? null : entries.get(part.toLowerCase(Locale.ROOT));
    if (entry == null) throw new IOException("missing part " + part);
    return zip.getInputStream(entry);
  }

  /** The main document part (the workbook), from the package relationships. */
  String workbook() throws IOException, SAXException {
    for (Relationship r : relationships("").values()) {
      if (r.type().endsWith("/officeDocument") && r.target() != null) return r.target();
    }
    throw new IOException("no workbook");
  }

  /** The relationships of {@code part} ({@code ""}: the package's) by id; none when it has no relationships part. */
  Map<String, Relationship> relationships(String part) throws IOException, SAXException {
    int slash = part.lastIndexOf('/');
    String dir = slash < 0 ? "" : part.substring(0, slash + 1);
    String rels = dir + "_rels/" + part.substring(slash + 1) + ".rels";
    if (!has(rels)) return Collections.emptyMap();
    Map<String, Relationship> found = new LinkedHashMap<>();
    XmlParts.parse(open(rels), new XmlParts.Handler() {
      @Override
      void start(String name, Attributes attributes) {
        if (!name.equals("Relationship")) return;
        String id = XmlParts.attribute(attributes, "Id");
        String type = XmlParts.attribute(attributes, "Type");
        String target = XmlParts.attribute(attributes, "Target");
        if (id == null || type == null || target == null) return;
        boolean external = "External".equalsIgnoreCase(XmlParts.attribute(attributes, "TargetMode"));
        found.putIfAbsent(id, new Relationship(type, external ? null : resolve(dir, target)));
      }
    }, MAX_RELATIONSHIPS_BYTES);
    return found;
  }

  /** A relationship target as a part name: absolute ({@code /xl/...}) or relative to {@code dir}, with {@code ..} resolved. */
  static String resolve(String dir, String target) {
    String path = target.startsWith("/") ? target.substring(1) : dir + target;
    int query = path.indexOf('#');
    if (query >= 0) path = path.substring(0, query);
    try {
      path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException keepAsWritten) {
      // not %-encoded after all
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) continue;
      if (segment.equals("..")) {
        segments.pollLast();
      } else {
        segments.addLast(segment);
      }
    }
    return String.join("/", segments);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
