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

  /** The table of a resource's URL name, by API.md's naming rule: {@code purchase-orders} → {@code purchase_orders}. */
  public static String table(String resource) {
    return resource.replace('-', '_');
  }
}
