package dev.orderly.export;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The client's file name and content type of an upload, made safe to keep and to send back. Neither ever
 * becomes part of a path (the stored file has a generated name); they are metadata, but a download hands
 * the name back to the client's browser or script, so it is reduced to a plain base name.
 */
final class FileNames {
  /** Longest file name kept, in characters (code points). */
  static final int MAX_LENGTH = 255;
  /** The name of a file whose name is empty once cleaned. */
  static final String FALLBACK = "file";
  static final String OCTET_STREAM = "application/octet-stream";
  /** An extension this long or shorter survives the truncation of a long name. */
  private static final int MAX_KEPT_EXTENSION = 16;
  /** {@code type/subtype} and parameters: RFC 9110 token characters, no spaces around the slash. */
  private static final Pattern CONTENT_TYPE =
      Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+(\\s*;\\s*[a-z0-9!#$&^_.+-]+=(\"[\\x20-\\x7e&&[^\"\\\\]]*\"|[a-z0-9!#$&^_.+-]+))*");

  private FileNames() {}

  /**
   * The base name of {@code name}: what follows its last {@code /} or {@code \}, without control characters
   * (NUL included) and bidirectional overrides, trimmed, at most {@value #MAX_LENGTH} characters (keeping a
   * short extension); {@value #FALLBACK} when nothing is left, or for {@code .} and {@code ..}.
   */
  static String sanitize(String name) {
    if (name == null) return FALLBACK;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    StringBuilder clean = new StringBuilder();
    name.substring(slash + 1).codePoints().filter(c -> !Character.isISOControl(c) && !isBidiControl(c)).forEach(clean::appendCodePoint);
    String base = clean.toString().strip();
    if (base.isEmpty() || base.equals(".") || base.equals("..")) return FALLBACK;
    return truncate(base);
  }

  /** The part's content type, lower case, when it is a well-formed media type of at most 255 characters; else octet-stream. */
  static String contentType(String type) {
    if (type == null) return OCTET_STREAM;
    String lower = type.strip().toLowerCase(Locale.ROOT);
    return lower.length() <= MAX_LENGTH && CONTENT_TYPE.matcher(lower).matches() ? lower : OCTET_STREAM;
  }

  private static String truncate(String base) {
    int length = base.codePointCount(0, base.length());
    if (length <= MAX_LENGTH) return base;
    int dot = base.lastIndexOf('.');
    String extension = dot > 0 && base.length() - dot <= MAX_KEPT_EXTENSION ? base.substring(dot) : "";
    int stemLength = MAX_LENGTH - extension.codePointCount(0, extension.length());
    return base.substring(0, base.offsetByCodePoints(0, stemLength)) + extension;
  }

  /**
   * Explicit embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069): a right-to-left override
   * makes {@code invoice<U+202E>fdp.exe} display as {@code invoiceexe.pdf}.
   */
  private static boolean isBidiControl(int c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }
}
