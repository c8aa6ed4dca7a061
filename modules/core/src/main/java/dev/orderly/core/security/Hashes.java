package dev.orderly.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests used as lookup keys (never for passwords, which {@code Passwords} hashes with PBKDF2). */
public final class Hashes {
  private Hashes() {}

  /** SHA-256 of the UTF-8 bytes of {@code value}. */
  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** SHA-256 of the UTF-8 bytes of {@code value}, as lowercase hex. */
  public static String sha256Hex(String value) {
    return HexFormat.of().formatHex(sha256(value));
  }
}
