package dev.orderly.core.bus;

import dev.orderly.core.bus.Consumers.ActionHandler;
import dev.orderly.core.bus.Consumers.Reply;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bus adapter of a {@link ResourceService}: one handler per resource action, decoding the typed request. */
public final class ResourceActions {
  private static final String[] ACTIONS = {
    ResourceRequest.LIST, ResourceRequest.GET, ResourceRequest.CREATE, ResourceRequest.UPDATE, ResourceRequest.DELETE,
    ResourceRequest.TRANSITION, ResourceRequest.HISTORY, ResourceRequest.ROWS, ResourceRequest.IMPORT,
    ResourceRequest.DESCRIBE
  };

  private ResourceActions() {}

  /** The CRUD actions of {@code service}, for {@link Consumers#register}. */
  public static Map<String, ActionHandler> of(ResourceService service) {
    Map<String, ActionHandler> handlers = new LinkedHashMap<>();
    for (String action : ACTIONS) {
      handlers.put(action, (body, context) -> ResourceRequest.fromJson(action, body).runOn(service, context).map(Reply::of));
    }
    return handlers;
  }
}
