package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.FieldError;

/**
 * Text every database takes: no NUL (PostgreSQL refuses it in text; SQLite stores it and a LIKE then
 * matches everything) and no unpaired surrogate (it cannot be encoded as UTF-8, and was stored as {@code ?}).
 * DRF's messages (API.md "Details settled").
 */
public final class Text {
  public static final String NULL_CHARACTERS = "Null characters are not allowed.";
  public static final String UNPAIRED_SURROGATES = "Unpaired surrogate characters are not allowed.";

  private Text() {}

  /** {@code text}, or a {@link FieldError} naming what is wrong with it. */
  public static String check(String text) throws FieldError {
    String problem = problem(text);
    if (problem != null) throw new FieldError(problem);
    return text;
  }

  /** What makes {@code text} unstorable, or null when nothing does. */
  public static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) return NULL_CHARACTERS;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return UNPAIRED_SURROGATES;
        }
      } else if (Character.isLowSurrogate(c)) {
        return UNPAIRED_SURROGATES;
      }
    }
    return null;
  }
}
