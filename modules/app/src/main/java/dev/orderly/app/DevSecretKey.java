package dev.orderly.app;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * With {@code DEBUG=true} and no {@code SECRET_KEY}, a node still needs a key to sign tokens and callers:
 * this one is generated once and kept in {@code DATA_DIR/}{@value #FILE} (readable by its owner only), so
 * that a restart keeps every token valid. Production sets {@code SECRET_KEY} and never reads the file.
 */
final class DevSecretKey {
  static final String FILE = "secret_key";

  private DevSecretKey() {}

  /** {@code raw} with {@code SECRET_KEY} filled in from the file when DEBUG is on and no key is set. Blocking. */
  static JsonObject apply(JsonObject raw) {
    String debug = String.valueOf(raw.getValue("DEBUG", "false")).trim().toLowerCase(Locale.ROOT);
    String secret = String.valueOf(raw.getValue("SECRET_KEY", "")).trim();
    if (!(debug.equals("true") || debug.equals("1") || debug.equals("yes") || debug.equals("on")) || !secret.isEmpty()) return raw;
    Path file = Path.of(String.valueOf(raw.getValue("DATA_DIR", "./data"))).resolve(FILE);
    return raw.copy().put("SECRET_KEY", read(file));
  }

  private static String read(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        String key = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!key.isEmpty()) return key;
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] bytes = new byte[48];
      new SecureRandom().nextBytes(bytes);
      String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the file system has no POSIX permissions: nothing more to do
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("DATA_DIR: cannot keep the development secret key in " + file.toAbsolutePath(), e);
    }
  }
}
