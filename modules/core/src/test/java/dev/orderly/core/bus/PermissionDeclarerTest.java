package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.bus.AuthMessages.PermissionDeclaration;
import dev.orderly.core.bus.AuthMessages.PermissionsAdded;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A service's codenames reach an auth service that starts after it, signed as the system caller, once. */
class PermissionDeclarerTest {
  private static final List<String> CODENAMES = List.of("widgets.view", "widgets.add");
  private static final CallerSigning SIGNING = CallerSigning.fromSecret(TestServices.SECRET);
  private Vertx vertx;
  private final List<RequestContext> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** An auth service stand-in that answers every declaration with what it declared. */
  private void authStarts() {
    Consumers.register(vertx, SIGNING, AuthClient.ADDRESS, Map.of(AuthClient.DECLARE_PERMISSIONS, (body, ctx) -> {
      received.add(ctx);
      return Future.succeededFuture(Consumers.Reply.of(new PermissionsAdded(PermissionDeclaration.fromJson(body).codenames()).toJson()));
    })).await();
  }

  @Test
  void aDeclarationIsRetriedUntilTheAuthServiceAnswers() throws Exception {
    PermissionDeclarer declarer = new PermissionDeclarer(vertx, "widgets", CODENAMES, SIGNING, 1_000);
    Future<PermissionsAdded> answered = declarer.start();
    Thread.sleep(600);
    assertThat(answered.isComplete()).as("no auth service yet").isFalse();

    authStarts();

    assertThat(answered.await(10, TimeUnit.SECONDS).added()).isEqualTo(CODENAMES);
    assertThat(received).hasSize(1);
    assertThat(received.get(0).caller()).isEqualTo(Caller.SYSTEM);
    Thread.sleep(600);
    assertThat(received).as("nothing sent once answered").hasSize(1);
  }

  @Test
  void aStoppedDeclarerSendsNothingMore() throws Exception {
    PermissionDeclarer declarer = new PermissionDeclarer(vertx, "widgets", CODENAMES, SIGNING, 1_000);
    Future<PermissionsAdded> answered = declarer.start();
    Thread.sleep(300);
    declarer.stop();
    authStarts();
    Thread.sleep(1_200);
    assertThat(received).isEmpty();
    assertThatThrownBy(() -> answered.await(1, TimeUnit.SECONDS)).hasMessageContaining("stopped");
  }
}
