package dev.orderly.core.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** The request id and caller that travel with every event-bus request as headers. */
public record RequestContext(String requestId, Caller caller) {
  public static final String REQUEST_ID_HEADER = "x-request-id";
  public static final String CALLER_HEADER = "x-orderly-caller";

  public static RequestContext system(String requestId) {
    return new RequestContext(requestId, Caller.ANONYMOUS);
  }

  public DeliveryOptions deliveryOptions(long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(REQUEST_ID_HEADER, requestId);
    if (!caller.anonymous()) options.addHeader(CALLER_HEADER, caller.toJson().encode());
    return options;
  }

  public static RequestContext fromHeaders(MultiMap headers) {
    String caller = headers.get(CALLER_HEADER);
    String rid = headers.get(REQUEST_ID_HEADER);
    return new RequestContext(rid == null ? "-" : rid, caller == null ? Caller.ANONYMOUS : Caller.fromJson(new JsonObject(caller)));
  }
}
