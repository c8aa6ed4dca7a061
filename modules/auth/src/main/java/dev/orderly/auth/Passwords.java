package dev.orderly.auth;

import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Django's {@code PBKDF2PasswordHasher}: {@code pbkdf2_sha256$<iterations>$<salt>$<base64 hash>}, so users
 * imported from a Django database keep their passwords. New hashes use {@value #ITERATIONS} iterations;
 * a stored hash with fewer is upgraded at the next successful login ({@link #needsUpgrade}). Every
 * hash and check runs on the bounded worker pool given, never on an event loop; results are compared
 * in constant time. A stored value that is not such a hash (Django's unusable {@code !...}) never verifies.
 *
 * <p>At most {@code PASSWORD_HASH_QUEUE} hashes and checks wait or run at once: one more fails at once with
 * 503 {@code service_unavailable} (the gateway adds {@code Retry-After}), so a flood of logins cannot queue
 * work without end. One still waiting when its caller has given up (the bus request timeout since it was
 * queued) is dropped unhashed.
 */
public final class Passwords {
  public static final int ITERATIONS = 600_000;
  static final String ALGORITHM = "pbkdf2_sha256";
  /** Django's prefix of a password that can never be used to log in. */
  static final String UNUSABLE_PREFIX = "!";
  private static final String SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  static final String BUSY = "Too many password checks are waiting; try again shortly.";

  private final WorkerExecutor workers;
  private final int iterations;
  private final int maxQueued;
  private final long abandonAfterNanos;
  /** Hashes and checks waiting for a worker or running. */
  private final AtomicInteger queued = new AtomicInteger();
  /** PBKDF2 runs so far: what tests count. */
  private final AtomicLong computed = new AtomicLong();
  /** Checked for unknown users, so that they take as long as known ones. */
  private final String dummy;

  /**
   * @param maxQueued most hashes and checks waiting or running at once
   * @param abandonAfterMs how long a caller waits for an answer (the bus request timeout): work queued longer is dropped
   */
  Passwords(WorkerExecutor workers, int iterations, int maxQueued, long abandonAfterMs) {
    this.workers = workers;
    this.iterations = iterations;
    this.maxQueued = maxQueued;
    this.abandonAfterNanos = TimeUnit.MILLISECONDS.toNanos(abandonAfterMs);
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
    return submit(() -> encode(password, salt(), iterations));
  }

  /** Whether {@code password} matches {@code encoded}. */
  Future<Boolean> verify(String password, String encoded) {
    return submit(() -> check(password, encoded));
  }

  /** As long as a real check; always false: for a username that does not exist. */
  Future<Boolean> verifyNobody(String password) {
    return submit(() -> check(password, dummy) && false);
  }

  /** How many PBKDF2 runs this instance made. */
  long computed() {
    return computed.get();
  }

  private <T> Future<T> submit(Callable<T> work) {
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      return Future.failedFuture(ServiceError.unavailable(BUSY));
    }
    long deadline = System.nanoTime() + abandonAfterNanos;
    return workers.<T>executeBlocking(() -> {
      // its caller had a timeout and has given up: an answer would go nowhere
      if (System.nanoTime() - deadline > 0) throw ServiceError.unavailable(BUSY);
      computed.incrementAndGet();
      return work.call();
    }, false).andThen(done -> queued.decrementAndGet());
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
