package dev.orderly.core.bus;

/**
 * The addresses of change events ({@link ChangeEvent}): {@code orderly.events.<table>}.
 */
public final class Events {
  public static final String PREFIX = "orderly.events.";

  private Events() {}

  public static String address(String table) {
    return PREFIX + table;
  }
}
