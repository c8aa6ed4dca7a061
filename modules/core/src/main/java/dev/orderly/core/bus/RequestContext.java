package dev.orderly.core.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The request id and caller that travel with every event-bus request as headers. The caller, anonymous
 * included, is always sent with its {@link CallerSigning} signature, and trusted on arrival only when that
 * verifies: a service drops a request without one ({@link Consumers#register}).
 *
 * @param signing     how this context signs its caller when sent, the node's own; {@link CallerSigning#NONE} sends
 *                    no caller, which no service of a deployment answers (tests of that refusal only)
 * @param idempotency the write's {@code Idempotency-Key} and fingerprint, or null; sent with the request, and
 *                    forwarded with it by a service that passes the request on
 */
public record RequestContext(String requestId, Caller caller, CallerSigning signing, IdempotencyKey idempotency) {
  public static final String REQUEST_ID_HEADER = "x-request-id";
  public static final String CALLER_HEADER = "x-orderly-caller";

  public RequestContext {
    if (caller == null) caller = Caller.ANONYMOUS;
    if (signing == null) signing = CallerSigning.NONE;
  }

  /** A context without an idempotency key. */
  public RequestContext(String requestId, Caller caller, CallerSigning signing) {
    this(requestId, caller, signing, null);
  }

  /** The node's own request on behalf of nobody (a start-up load, a health check, a login before it succeeds). */
  public static RequestContext anonymous(String requestId, CallerSigning signing) {
    return new RequestContext(requestId, Caller.ANONYMOUS, signing);
  }

  /** The same request on behalf of another caller. */
  public RequestContext withCaller(Caller other) {
    return new RequestContext(requestId, other, signing, idempotency);
  }

  /** The same request under {@code key} (null: none). */
  public RequestContext withIdempotency(IdempotencyKey key) {
    return new RequestContext(requestId, caller, signing, key);
  }

  public DeliveryOptions deliveryOptions(long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(REQUEST_ID_HEADER, requestId);
    if (signing.canSign()) {
      String value = caller.header();
      options.addHeader(CALLER_HEADER, value).addHeader(CallerSigning.SIGNATURE_HEADER, signing.sign(value));
    }
    if (idempotency != null) idempotency.addTo(options);
    return options;
  }

  /** Reads a request's headers; a caller whose signature does not verify is ignored (anonymous). */
  public static RequestContext fromHeaders(MultiMap headers, CallerSigning signing) {
    String caller = headers.get(CALLER_HEADER);
    String rid = headers.get(REQUEST_ID_HEADER);
    Caller who = Caller.ANONYMOUS;
    if (caller != null && signing.verify(caller, headers.get(CallerSigning.SIGNATURE_HEADER))) {
      try {
        who = Caller.fromHeader(caller);
      } catch (RuntimeException malformed) {
        who = Caller.ANONYMOUS;
      }
    }
    return new RequestContext(rid == null ? "-" : rid, who, signing, IdempotencyKey.fromHeaders(headers));
  }

  /** As {@link #fromHeaders(MultiMap, CallerSigning)} with no key: every caller is anonymous. */
  public static RequestContext fromHeaders(MultiMap headers) {
    return fromHeaders(headers, CallerSigning.NONE);
  }
}
