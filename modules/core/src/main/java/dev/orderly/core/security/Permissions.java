package dev.orderly.core.security;

import dev.orderly.core.bus.ResourceNames;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Permission codenames, {@code <table>.<action>} (e.g. {@code purchase_orders.approve}), the action a
 * request method needs (GET view, POST add, PUT/PATCH change, DELETE delete), and the codenames a resource
 * definition needs ({@link #codenames(ResourceDef)}): what each service declares to the auth service.
 */
public final class Permissions {
  public static final String VIEW = "view";
  public static final String ADD = "add";
  public static final String CHANGE = "change";
  public static final String DELETE = "delete";
  public static final String APPROVE = "approve";
  public static final String EXPORT = "export";
  public static final String IMPORT = "import";
  public static final List<String> ACTIONS = List.of(VIEW, ADD, CHANGE, DELETE, APPROVE, EXPORT, IMPORT);
  /** Longest codename the auth service stores. */
  public static final int MAX_CODENAME_LENGTH = 100;
  private static final Pattern CODENAME = Pattern.compile("[a-z][a-z0-9_]*\\.(" + String.join("|", ACTIONS) + ")");

  private Permissions() {}

  /** The codename of {@code action} on a resource named by its URL name ({@code purchase-orders} → {@code purchase_orders.add}). */
  public static String codename(String resource, String action) {
    return ResourceNames.table(resource) + "." + action;
  }

  /** The action a method needs (HEAD what GET needs), or null for one with no action of its own (OPTIONS: its routes name view). */
  public static String actionOf(HttpMethod method) {
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) return VIEW;
    if (method == HttpMethod.POST) return ADD;
    if (method == HttpMethod.PUT || method == HttpMethod.PATCH) return CHANGE;
    if (method == HttpMethod.DELETE) return DELETE;
    return null;
  }

  /**
   * The codenames a resource needs, in {@link #ACTIONS} order: view, add, change, delete, export and import
   * on its table, plus approve when it has a workflow.
   */
  public static List<String> codenames(ResourceDef def) {
    List<String> codenames = new ArrayList<>();
    for (String action : ACTIONS) {
      if (!action.equals(APPROVE) || def.workflow() != null) codenames.add(def.table() + "." + action);
    }
    return codenames;
  }

  /** The codenames of every resource of {@code defs}, in their order. */
  public static List<String> codenames(Collection<ResourceDef> defs) {
    return defs.stream().flatMap(def -> codenames(def).stream()).toList();
  }

  /** Whether {@code codename} is {@code <table>.<action>} with a known action, at most {@value #MAX_CODENAME_LENGTH} characters. */
  public static boolean isCodename(String codename) {
    return codename != null && codename.length() <= MAX_CODENAME_LENGTH && CODENAME.matcher(codename).matches();
  }
}
