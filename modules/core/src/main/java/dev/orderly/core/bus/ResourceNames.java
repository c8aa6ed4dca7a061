package dev.orderly.core.bus;

/**
 * API.md's one naming rule for resources: bodies and URLs use the URL name ({@code purchase-orders});
 * tables, permission codenames, change-event addresses and cache namespaces use the table name
 * ({@code purchase_orders}).
 */
public final class ResourceNames {
  private ResourceNames() {}

  /** The table name of a resource's URL name: {@code purchase-orders} → {@code purchase_orders}. */
  public static String table(String resource) {
    return resource.replace('-', '_');
  }
}
