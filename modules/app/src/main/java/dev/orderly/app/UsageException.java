package dev.orderly.app;

/** A bad command line; the message is the whole line printed. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message, null, false, false);
  }
}
