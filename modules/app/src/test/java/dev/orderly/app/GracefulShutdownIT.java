package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What SIGTERM does, in one process: {@link Orderly#close}, which {@link Main}'s shutdown hook calls (the real
 * signal to the packaged jar is {@code JarIT}'s). A login is held in progress at the gateway ({@link HeldRequest}) while the
 * node stops: readiness answers 503 first, then new connections are refused, and the login, finished only then, still
 * reaches the auth service and answers 200: the gateway drains before the services it calls stop.
 */
@Timeout(120)
class GracefulShutdownIT {
  /** Long enough for the test to see readiness answer 503 before the gateway stops accepting. */
  static final String DELAY_MS = "5000";

  @Test
  void readinessTurns503ThenNewConnectionsAreRefusedAndTheLoginInProgressCompletes(@TempDir Path dir) throws Exception {
    RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("SHUTDOWN_DELAY_MS", DELAY_MS)
        .put("SHUTDOWN_TIMEOUT_MS", "60000").put("HTTP_REQUEST_TIMEOUT_MS", "60000"));
    Vertx client = Vertx.vertx();
    try {
      assertThat(HeldRequest.readiness(client, app.port()).status()).isEqualTo(200);
      HeldRequest login = HeldRequest.start(client, app.port(), "/api/auth/login",
          new JsonObject().put("username", RunningOrderly.ADMIN).put("password", RunningOrderly.ADMIN_PASSWORD));

      Future<Void> stopped = app.app().close();

      HeldRequest.awaitDraining(client, app.port());
      Eventually.until("new connections are refused", Duration.ofSeconds(30), () -> HeldRequest.refused(app.port()));
      assertThat(login.answered()).isFalse();
      HeldRequest.Answer answer = login.finish();
      assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
      assertThat(answer.body().getString("access")).isNotBlank();
      stopped.await(RunningOrderly.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      client.close().await();
      app.close();
    }
  }
}
