package dev.orderly.export;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored files of attachments: {@code MEDIA_ROOT/attachments/<uuid>}, a name the service generates (the
 * client's name is never part of a path). An upload is received as {@code <uuid>.part} and renamed to its
 * final name only once it is accepted, so a crash leaves only {@code .part} files, which a later start
 * deletes once nothing has written to them for {@link #STALE_PART} (another node may be receiving into the
 * same shared directory).
 */
final class AttachmentFiles {
  static final String DIRECTORY = "attachments";
  static final String PART_SUFFIX = ".part";
  /** No upload in progress goes this long without a write (each chunk is pulled within the request timeout). */
  static final Duration STALE_PART = Duration.ofHours(1);
  private static final Pattern STORAGE_NAME = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
  private static final Logger log = LoggerFactory.getLogger(AttachmentFiles.class);

  private final Vertx vertx;
  private final Path dir;

  AttachmentFiles(Vertx vertx, Path mediaRoot) {
    this.vertx = vertx;
    this.dir = mediaRoot.resolve(DIRECTORY).toAbsolutePath().normalize();
  }

  Path directory() {
    return dir;
  }

  /** A new random storage name. */
  static String newName() {
    return UUID.randomUUID().toString();
  }

  Path part(String storageName) {
    return dir.resolve(storageName + PART_SUFFIX);
  }

  /** The stored file of {@code storageName}; only names this class generated resolve (a row is never trusted with a path). */
  Path stored(String storageName) {
    if (!STORAGE_NAME.matcher(storageName).matches()) throw new IllegalArgumentException("not a storage name: " + storageName);
    return dir.resolve(storageName);
  }

  /** Creates {@code storageName}'s part file, failing if it exists. */
  Future<AsyncFile> create(String storageName) {
    return vertx.fileSystem().open(part(storageName).toString(), new OpenOptions().setWrite(true).setCreateNew(true));
  }

  /** Gives an accepted part its final name. */
  Future<Void> keep(String storageName) {
    return vertx.fileSystem().move(part(storageName).toString(), stored(storageName).toString(), new CopyOptions().setAtomicMove(true));
  }

  Future<AsyncFile> open(String storageName) {
    return vertx.fileSystem().open(stored(storageName).toString(), new OpenOptions().setRead(true).setWrite(false));
  }

  /** Deletes a part file; a missing one is fine. Never fails. */
  Future<Void> discardPart(String storageName) {
    return delete(part(storageName));
  }

  /** Deletes a stored file; a missing one is fine (another node may have deleted it). Never fails. */
  Future<Void> delete(String storageName) {
    return delete(stored(storageName));
  }

  private Future<Void> delete(Path path) {
    return vertx.executeBlocking(() -> Files.deleteIfExists(path), false).<Void>mapEmpty().recover(e -> {
      log.warn("cannot delete {}: {}", path, e.toString());
      return Future.succeededFuture();
    });
  }

  /** Creates the directory and deletes stale part files. Blocking. */
  Void prepare() {
    try {
      Files.createDirectories(dir);
      FileTime cutoff = FileTime.from(Instant.now().minus(STALE_PART));
      try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*" + PART_SUFFIX)) {
        for (Path part : parts) {
          boolean stale = Files.getLastModifiedTime(part).compareTo(cutoff) < 0;
          if (stale && Files.deleteIfExists(part)) log.info("deleted the stale upload {}", part);
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }
}
