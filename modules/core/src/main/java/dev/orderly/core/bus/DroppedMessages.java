package dev.orderly.core.bus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at WARN that messages not signed with this deployment's key were dropped: the first at once, then at most
 * one line per address every {@value #WINDOW_SECONDS} s with the count since the last line, so that a stranger
 * flooding an address cannot flood the log. Vert.x does not tell a consumer which node sent a message, so the line
 * names the address and the message's action; it never carries a header's value (a caller or a signature).
 */
public final class DroppedMessages {
  public static final long WINDOW_SECONDS = 10;
  /** The node's messages from every consumer it registers. */
  public static final DroppedMessages NODE = new DroppedMessages(System::nanoTime);
  private static final Logger log = LoggerFactory.getLogger(DroppedMessages.class);
  private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    long loggedAt;
    int count;
    boolean logged;
  }

  DroppedMessages(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** One message on {@code address} was dropped; {@code what} says what it was (an action; anything else shows as "?"). */
  public void dropped(String address, String what) {
    String line = count(address, what);
    if (line != null) log.warn(line);
  }

  /** Counts a drop; the line to log now, or null while this address's window is still open. */
  String count(String address, String what) {
    Window window = windows.computeIfAbsent(address, a -> new Window());
    synchronized (window) {
      window.count++;
      long now = nanoTime.getAsLong();
      if (window.logged && now - window.loggedAt < TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)) return null;
      int count = window.count;
      window.count = 0;
      window.loggedAt = now;
      window.logged = true;
      String shown = what != null && PRINTABLE.matcher(what).matches() ? what : "?";
      return "dropped " + count + " message(s) on " + address + " not signed with this deployment's SECRET_KEY (last: " + shown
          + "); a node of another deployment, or a stranger, is sending to this cluster";
    }
  }
}
