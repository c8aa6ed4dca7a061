package dev.orderly.core.resource.model;

/** One field's validation message, in DRF's words; the caller knows which field. */
public final class FieldError extends Exception {
  public FieldError(String message) {
    super(message, null, false, false);
  }
}
