package dev.orderly.auth;

import io.vertx.core.json.JsonArray;
import java.util.Locale;

/**
 * Django's default password validators, with their messages: at least {@value #MIN_LENGTH} characters,
 * not entirely numeric, not the username.
 */
final class PasswordPolicy {
  static final int MIN_LENGTH = 8;

  private PasswordPolicy() {}

  /** Every problem with {@code password}, empty when it is acceptable. */
  static JsonArray problems(String password, String username) {
    JsonArray problems = new JsonArray();
    if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
      problems.add("This password is too short. It must contain at least " + MIN_LENGTH + " characters.");
    }
    if (!password.isEmpty() && password.chars().allMatch(Character::isDigit)) problems.add("This password is entirely numeric.");
    if (username != null && !username.isEmpty() && password.toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
      problems.add("The password is too similar to the username.");
    }
    return problems;
  }
}
