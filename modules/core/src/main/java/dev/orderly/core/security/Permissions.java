package dev.orderly.core.security;

import dev.orderly.core.bus.ResourceNames;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * Permission codenames, {@code <table>.<action>} (e.g. {@code purchase_orders.approve}), and the action a
 * request method needs: GET view, POST add, PUT/PATCH change, DELETE delete.
 */
public final class Permissions {
  public static final List<String> ACTIONS = List.of("view", "add", "change", "delete", "approve", "export", "import");

  private Permissions() {}

  /** The codename of {@code action} on a resource named by its URL name ({@code purchase-orders} → {@code purchase_orders.add}). */
  public static String codename(String resource, String action) {
    return ResourceNames.table(resource) + "." + action;
  }

  /** The action a method needs, or null for a method that needs none (HEAD/OPTIONS are not routed). */
  public static String actionOf(HttpMethod method) {
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) return "view";
    if (method == HttpMethod.POST) return "add";
    if (method == HttpMethod.PUT || method == HttpMethod.PATCH) return "change";
    if (method == HttpMethod.DELETE) return "delete";
    return null;
  }
}
