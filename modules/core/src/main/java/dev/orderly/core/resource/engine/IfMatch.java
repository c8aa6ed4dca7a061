package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ServiceError;

/** The {@code If-Match} precondition of a write: a list of entity tags, weak or strong, or {@code *}. */
final class IfMatch {
  private IfMatch() {}

  /** Fails with 412 unless {@code header} is absent or names {@code version}. */
  static void check(String header, Long version) {
    if (header == null || header.isBlank()) return;
    String current = String.valueOf(version);
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) t = t.substring(2);
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
      if (t.equals("*") || t.equals(current)) return;
    }
    throw failed();
  }

  /** 412: the record's version is not the one the client read. */
  static ServiceError failed() {
    return ServiceError.of(412, ErrorCodes.PRECONDITION_FAILED, "The record has changed since it was read (If-Match does not match its version).");
  }
}
