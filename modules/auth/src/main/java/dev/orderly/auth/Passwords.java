package dev.orderly.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Django's {@code PBKDF2PasswordHasher}: {@code pbkdf2_sha256$<iterations>$<salt>$<base64 hash>}, so users
 * imported from a Django database keep their passwords. New hashes use {@value #ITERATIONS} iterations;
 * a stored hash with fewer is upgraded at the next successful login ({@link #needsUpgrade}). Every
 * hash and check runs on the bounded worker pool given, never on an event loop; results are compared
 * in constant time. A stored value that is not such a hash (Django's unusable {@code !...}) never verifies.
 */
public final class Passwords {
  public static final int ITERATIONS = 600_000;
  static final String ALGORITHM = "pbkdf2_sha256";
  /** Django's prefix of a password that can never be used to log in. */
  static final String UNUSABLE_PREFIX = "!";
  private static final String SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WorkerExecutor workers;
  private final int iterations;
  /** Checked for unknown users, so that they take as long as known ones. */
  private final String dummy;

  Passwords(WorkerExecutor workers, int iterations) {
    this.workers = workers;
    this.iterations = iterations;
    byte[] nothing = new byte[32];
    RANDOM.nextBytes(nothing);
    // as costly to check as a real hash, and no password matches it
    this.dummy = ALGORITHM + "$" + iterations + "$" + salt() + "$" + Base64.getEncoder().encodeToString(nothing);
  }

  int iterations() {
    return iterations;
  }

  /** A new hash of {@code password} with a new salt. */
  Future<String> hash(String password) {
    return workers.executeBlocking(() -> encode(password, salt(), iterations), false);
  }

  /** Whether {@code password} matches {@code encoded}. */
  Future<Boolean> verify(String password, String encoded) {
    return workers.executeBlocking(() -> check(password, encoded), false);
  }

  /** As long as a real check; always false: for a username that does not exist. */
  Future<Boolean> verifyNobody(String password) {
    return workers.executeBlocking(() -> check(password, dummy) && false, false);
  }

  /** Whether a stored hash is weaker than what this node makes now. */
  boolean needsUpgrade(String encoded) {
    return iterationsOf(encoded) < iterations;
  }

  /** An unusable password ({@code !} and random characters), as Django's {@code set_unusable_password}. */
  static String unusable() {
    return UNUSABLE_PREFIX + randomString(40);
  }

  static String encode(String password, String salt, int iterations) {
    return ALGORITHM + "$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(pbkdf2(password, salt, iterations));
  }

  static boolean check(String password, String encoded) {
    if (password == null || encoded == null) return false;
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(ALGORITHM)) return false;
    int rounds;
    byte[] expected;
    try {
      rounds = Integer.parseInt(parts[1]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (rounds < 1 || expected.length == 0) return false;
    return MessageDigest.isEqual(expected, pbkdf2(password, parts[2], rounds));
  }

  /** The iteration count of a stored hash, or 0 when it is not a PBKDF2 hash. */
  static int iterationsOf(String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(ALGORITHM)) return 0;
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static byte[] pbkdf2(String password, String salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, 256);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    }
  }

  /** Django's salt: 22 characters of [a-zA-Z0-9] (about 131 bits). */
  static String salt() {
    return randomString(22);
  }

  private static String randomString(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) sb.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
    return sb.toString();
  }
}
