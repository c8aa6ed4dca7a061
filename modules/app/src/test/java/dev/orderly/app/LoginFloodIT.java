package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins past the password-hashing bound get 503 with Retry-After at once, and the node goes on serving. */
class LoginFloodIT {
  @Test
  void loginsPastTheHashingBoundAre503WithRetryAfter(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("PASSWORD_HASH_QUEUE", "1"))) {
      JsonObject credentials = new JsonObject().put("username", RunningOrderly.ADMIN).put("password", RunningOrderly.ADMIN_PASSWORD);
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      // at 600000 iterations one check takes a worker for a good while: the others arrive meanwhile
      for (int i = 0; i < 12; i++) sent.add(app.anonymous(POST, "/api/auth/login").sendJsonObject(credentials));
      List<HttpResponse<Buffer>> answers = sent.stream().map(RunningOrderly::await).toList();

      assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200, 503).contains(200, 503);
      HttpResponse<Buffer> busy = answers.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
      assertThat(busy.getHeader("Retry-After")).isNotBlank();
      assertThat(busy.bodyAsJsonObject().getString("code")).isEqualTo("service_unavailable");
      assertThat(app.login(RunningOrderly.ADMIN, RunningOrderly.ADMIN_PASSWORD).getString("access")).as("served again").isNotBlank();
    }
  }
}
