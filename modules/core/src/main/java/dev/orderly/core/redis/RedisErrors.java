package dev.orderly.core.redis;

import io.vertx.redis.client.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a failed Redis call means: an error reply from Redis, or Redis out of reach. */
public final class RedisErrors {
  /** A batch fails with one {@code ERR [i] <reply or exception>} line per failed command. */
  private static final Pattern BATCH_LINE = Pattern.compile("^ERR \\[\\d+] (.*)$", Pattern.MULTILINE);
  /** An error reply starts with an upper-case code ({@code NOSCRIPT}, {@code ERR}, {@code CONNECTION_CLOSED}). */
  private static final Pattern REPLY_CODE = Pattern.compile("[A-Z][A-Z_]*(?: |$)");

  private RedisErrors() {}

  /** The error reply's text (for a batch, its first failed command's), or "" when {@code e} is not a reply. */
  public static String reply(Throwable e) {
    if (!(e instanceof Response)) return "";
    String message = String.valueOf(e.getMessage());
    Matcher batch = BATCH_LINE.matcher(message);
    return batch.find() ? batch.group(1) : message;
  }

  /**
   * Anything but an error reply from Redis itself: the client reports a connection closed under a
   * command as an error reply too ({@code CONNECTION_CLOSED}, or in a batch the exception's name), and
   * some replies say Redis cannot serve yet.
   */
  public static boolean unreachable(Throwable e) {
    if (!(e instanceof Response)) return true;
    String reply = reply(e);
    return !REPLY_CODE.matcher(reply).lookingAt() || reply.startsWith("CONNECTION_CLOSED") || reply.startsWith("LOADING")
        || reply.startsWith("MASTERDOWN") || reply.startsWith("BUSY");
  }
}
