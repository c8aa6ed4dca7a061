package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a separate process: what a user actually runs. */
class JarIT {
  static final Path JAR = Path.of("target/orderly.jar").toAbsolutePath();

  @BeforeAll
  static void jarExists() {
    assertThat(JAR).as("the shaded jar (failsafe runs after package)").exists();
  }

  /** {@code java -jar orderly.jar args} in {@code dir}, with none of Orderly's keys from this JVM's environment. */
  static ProcessBuilder orderly(Path dir, Map<String, String> env, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> ConfigKeys.known(k));
    pb.environment().putAll(env);
    return pb;
  }

  record Finished(int status, String out, String err) {}

  static Finished runToEnd(ProcessBuilder pb) throws Exception {
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Finished(p.exitValue(), out, err);
  }

  @Test
  void helpExitsZeroAndWritesNoFile(@TempDir Path dir) throws Exception {
    Finished r = runToEnd(orderly(dir, Map.of(), "--help"));

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage:", "  run ", "  migrate ", "  help ");
    for (String key : MainTest.repositoryDefaults().fieldNames()) assertThat(r.out()).contains("  " + key + " ");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("help must not create logs/ or data/").isEmpty();
    }
  }

  @Test
  void aMissingConfigurationFileIsStatus2AndOneLine(@TempDir Path dir) throws Exception {
    Finished r = runToEnd(orderly(dir, Map.of("ORDERLY_CONF", "/nonexistent/file.json"), "migrate"));

    assertThat(r.status()).isEqualTo(Main.USAGE);
    assertThat(r.err()).isEqualTo("Configuration error: ORDERLY_CONF: cannot read /nonexistent/file.json" + System.lineSeparator());
  }

  @Test
  void runsUntilSigtermThenStopsCleanlyWithLogsInLogDir(@TempDir Path dir) throws Exception {
    Path logs = dir.resolve("elsewhere/logs");
    Process p = orderly(dir, Map.of("DEBUG", "true"), "run", "HTTP_PORT=" + TestServices.freePort(), "LOG_DIR=" + logs)
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    StringBuffer out = new StringBuffer();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          out.append(line).append('\n');
          if (line.contains("Orderly ready")) ready.countDown();
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    try {
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("ready line in:\n%s", out).isTrue();
      p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    reader.join(5000);

    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(out).contains("Orderly ready: roles=gateway,entities", "Orderly stopped");
    assertThat(Files.readString(dir.resolve("stderr.txt"))).isEmpty();
    assertThat(Files.readString(logs.resolve("orderly.log"))).contains("Orderly ready", "Orderly stopped");
    assertThat(dir.resolve("logs")).doesNotExist();
    assertThat(dir.resolve("data/db.sqlite3")).exists();
  }

  /**
   * SIGTERM to a node with a login in progress ({@link HeldRequest}): readiness answers 503, then new connections are
   * refused, the login (its body sent only then) answers 200, and the process exits.
   */
  @Test
  void onSigtermReadinessTurns503NewConnectionsAreRefusedAndTheLoginInProgressCompletesBeforeTheProcessExits(@TempDir Path dir)
      throws Exception {
    String password = "drain-Passw0rd-jar";
    Finished created = runToEnd(orderly(dir, Map.of("DEBUG", "true", Main.SUPERUSER_PASSWORD, password),
        "createsuperuser", "--username", "admin", "--email", "admin@example.com"));
    assertThat(created.status()).as(created.err()).isZero();
    int port = TestServices.freePort();
    Path log = dir.resolve("node.log");
    Process p = orderly(dir, Map.of("DEBUG", "true"), "run", "HTTP_PORT=" + port, "SHUTDOWN_DELAY_MS=" + GracefulShutdownIT.DELAY_MS,
        "SHUTDOWN_TIMEOUT_MS=60000", "HTTP_REQUEST_TIMEOUT_MS=60000").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Vertx client = Vertx.vertx();
    try {
      Eventually.until("the ready line", Duration.ofSeconds(60), () -> read(log).contains("Orderly ready"));
      HeldRequest login = HeldRequest.start(client, port, "/api/auth/login", new JsonObject()
          .put("username", "admin").put("password", password));

      p.toHandle().destroy(); // SIGTERM

      HeldRequest.awaitDraining(client, port);
      Eventually.until("new connections are refused", Duration.ofSeconds(30), () -> HeldRequest.refused(port));
      assertThat(login.answered()).isFalse();
      HeldRequest.Answer answer = login.finish();
      assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
      assertThat(answer.body().getString("access")).isNotBlank();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process exits:%n%s", read(log)).isTrue();
    } finally {
      p.destroyForcibly();
      client.close().await();
    }
    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(read(log)).contains("Stopping: /health/ready answers 503", "Orderly stopped in");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
