package dev.orderly.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A client's file name is reduced to a plain base name; its content type kept only when well formed. */
class FileNamesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "report.pdf|report.pdf",
      "../../etc/passwd|passwd",
      "..\\..\\windows\\win.ini|win.ini",
      "C:\\Users\\me\\Desktop\\notes.txt|notes.txt",
      "%2e%2e/|file",
      "%2e%2e%2fetc%2fpasswd|%2e%2e%2fetc%2fpasswd",
      "/|file",
      "..|file",
      ".|file",
      "'  spaced name.txt  '|spaced name.txt",
      "Überweisung 2026.pdf|Überweisung 2026.pdf"})
  void keepsOnlyTheBaseName(String name, String expected) {
    assertThat(FileNames.sanitize(name)).isEqualTo(expected);
  }

  @Test
  void dropsControlCharactersAndBidiOverrides() {
    assertThat(FileNames.sanitize("a\u0000b\r\n\t.txt")).isEqualTo("ab.txt");
    assertThat(FileNames.sanitize("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
    assertThat(FileNames.sanitize("\u2066x\u2069")).isEqualTo("x");
    assertThat(FileNames.sanitize("\u0000\u0001")).isEqualTo(FileNames.FALLBACK);
    assertThat(FileNames.sanitize(null)).isEqualTo(FileNames.FALLBACK);
    assertThat(FileNames.sanitize("")).isEqualTo(FileNames.FALLBACK);
  }

  @Test
  void aLongNameIsCutTo255CharactersKeepingItsExtension() {
    String cut = FileNames.sanitize("x".repeat(300) + ".pdf");
    assertThat(cut).hasSize(255).endsWith(".pdf").startsWith("xxxx");
    // characters, not UTF-16 units: 300 emoji are 600 chars, cut to 255 code points
    String emoji = FileNames.sanitize("\uD83D\uDCC4".repeat(300));
    assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(255);
    assertThat(FileNames.sanitize("y".repeat(255))).hasSize(255);
    // an "extension" too long to be one is cut with the rest
    assertThat(FileNames.sanitize("a." + "b".repeat(300))).hasSize(255).startsWith("a.bbb");
  }

  @Test
  void aContentTypeIsKeptOnlyWhenWellFormed() {
    assertThat(FileNames.contentType("application/pdf")).isEqualTo("application/pdf");
    assertThat(FileNames.contentType("Text/Plain; charset=UTF-8")).isEqualTo("text/plain; charset=utf-8");
    assertThat(FileNames.contentType(null)).isEqualTo(FileNames.OCTET_STREAM);
    assertThat(FileNames.contentType("")).isEqualTo(FileNames.OCTET_STREAM);
    assertThat(FileNames.contentType("text/html\r\nX-Injected: 1")).isEqualTo(FileNames.OCTET_STREAM);
    assertThat(FileNames.contentType("not a type")).isEqualTo(FileNames.OCTET_STREAM);
    assertThat(FileNames.contentType("image/" + "x".repeat(300))).isEqualTo(FileNames.OCTET_STREAM);
  }
}
