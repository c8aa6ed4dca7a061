package dev.orderly.app;

import dev.orderly.core.test.Db;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The smallest end-to-end test, and the README's example of {@link RunningOrderly}. */
class HealthIT {
  @ParameterizedTest
  @EnumSource(Db.class)
  void liveAnswers200(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir)) {
      app.testRequest(HttpMethod.GET, "/health/live", null, 200);
    }
  }
}
