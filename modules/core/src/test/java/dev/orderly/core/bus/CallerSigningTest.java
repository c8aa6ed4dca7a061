package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerSigningTest {
  private static final CallerSigning NODE = CallerSigning.fromSecret("node-secret-0123456789-0123456789-0123456789-abcdef");
  private static final Caller ALICE = new Caller(5L, "alice", true, false, Set.of("suppliers.view"));

  private static MultiMap headers(DeliveryOptions options) {
    return options.getHeaders();
  }

  @Test
  void aSignedCallerTravelsAndIsTrusted() {
    MultiMap sent = headers(new RequestContext("r1", ALICE, NODE).deliveryOptions(1000));
    RequestContext received = RequestContext.fromHeaders(sent, NODE);
    assertThat(received.caller()).isEqualTo(ALICE);
    assertThat(received.requestId()).isEqualTo("r1");
    assertThat(received.caller().has("suppliers.view")).isTrue();
    assertThat(received.caller().has("suppliers.add")).isFalse();
  }

  @Test
  void aForgedUnsignedOrAlteredCallerIsAnonymous() {
    MultiMap sent = headers(new RequestContext("r1", ALICE, NODE).deliveryOptions(1000));
    CallerSigning other = CallerSigning.fromSecret("another-secret-0123456789-0123456789-0123456789-xyz");
    assertThat(RequestContext.fromHeaders(sent, other).caller()).isEqualTo(Caller.ANONYMOUS);
    assertThat(RequestContext.fromHeaders(sent, CallerSigning.NONE).caller()).isEqualTo(Caller.ANONYMOUS);

    MultiMap altered = MultiMap.caseInsensitiveMultiMap().addAll(sent)
        .set(RequestContext.CALLER_HEADER, Caller.SYSTEM.toJson().encode());
    assertThat(RequestContext.fromHeaders(altered, NODE).caller()).isEqualTo(Caller.ANONYMOUS);
    MultiMap unsigned = MultiMap.caseInsensitiveMultiMap().add(RequestContext.CALLER_HEADER, ALICE.toJson().encode());
    assertThat(RequestContext.fromHeaders(unsigned, NODE).caller()).isEqualTo(Caller.ANONYMOUS);
    // a context without a key sends no caller at all
    assertThat(headers(new RequestContext("r2", ALICE, CallerSigning.NONE).deliveryOptions(1000)).contains(RequestContext.CALLER_HEADER)).isFalse();
  }

  @Test
  void everyContextSignsItsCallerTheAnonymousOneIncluded() {
    MultiMap anonymous = headers(RequestContext.anonymous("r3", NODE).deliveryOptions(1000));
    assertThat(anonymous.get(RequestContext.CALLER_HEADER)).isEqualTo(Caller.ANONYMOUS.header());
    assertThat(NODE.verifies(anonymous)).isTrue();
    assertThat(RequestContext.fromHeaders(anonymous, NODE).caller()).isEqualTo(Caller.ANONYMOUS);
    assertThat(NODE.verifies(headers(new RequestContext("r4", ALICE, NODE).deliveryOptions(1000)))).isTrue();
    assertThat(NODE.verifies(headers(RequestContext.anonymous("r4", NODE).withCaller(ALICE).deliveryOptions(1000)))).isTrue();

    CallerSigning other = CallerSigning.fromSecret("another-secret-0123456789-0123456789-0123456789-xyz");
    assertThat(other.verifies(anonymous)).isFalse();
    assertThat(NODE.verifies(MultiMap.caseInsensitiveMultiMap())).isFalse();
    assertThat(CallerSigning.NONE.verifies(anonymous)).isFalse();
  }

  @Test
  void aKeyIsDerivedOncePerSecret() {
    assertThat(CallerSigning.fromSecret("node-secret-0123456789-0123456789-0123456789-abcdef")).isSameAs(NODE);
    assertThat(CallerSigning.fromSecret("")).isSameAs(CallerSigning.NONE);
  }

  @Test
  void superusersHoldEveryPermissionAndEventsNameOnlyTheActor() {
    assertThat(Caller.SYSTEM.has("anything.view")).isTrue();
    assertThat(Caller.ANONYMOUS.has("anything.view")).isFalse();
    assertThat(ALICE.actorJson().fieldNames()).containsExactly("id", "username");
  }
}
