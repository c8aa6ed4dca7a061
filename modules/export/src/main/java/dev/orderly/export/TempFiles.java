package dev.orderly.export;

import dev.orderly.core.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;

/**
 * The node's own directory of temporary files, {@code DATA_DIR/tmp/export} (never the shared
 * {@code MEDIA_ROOT}, so one node's start-up cannot delete another's work): exports being written, uploads
 * being received and POI's own temporary sheets. Emptied when the service starts (what is left there is a
 * crashed run's).
 */
final class TempFiles {
  private TempFiles() {}

  static Path directory(Settings settings) {
    return settings.dataDir().resolve("tmp").resolve("export").toAbsolutePath();
  }

  /** The directory of one {@code export} or {@code import} command: never a node's, which it must not empty. */
  static Path commandLineDirectory(Settings settings) {
    return settings.dataDir().resolve("tmp").resolve("export-command-" + ProcessHandle.current().pid()).toAbsolutePath();
  }

  /** Creates the directory, empties it, and points POI's temporary files at its {@code poi} folder. Blocking. */
  static Void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
      try (Stream<Path> stale = Files.walk(dir)) {
        stale.sorted((a, b) -> b.getNameCount() - a.getNameCount()).filter(p -> !p.equals(dir)).forEach(TempFiles::delete);
      }
      Path poi = Files.createDirectories(dir.resolve("poi"));
      TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy(poi.toFile()));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
