package dev.orderly.export;

import dev.orderly.core.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The name this node's export jobs are claimed under: a random id kept in {@code DATA_DIR/node-id}, so that a
 * node restarted on the same data directory knows the jobs it left running and marks them failed at once.
 */
final class NodeIdentity {
  private NodeIdentity() {}

  /** Reads (or creates) the node id; blocking, once at start-up. */
  static String of(Settings settings) {
    Path file = settings.dataDir().resolve("node-id");
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!id.isEmpty()) return id;
      }
      Files.createDirectories(file.getParent());
      String id = UUID.randomUUID().toString();
      Files.writeString(file, id, StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }
}
