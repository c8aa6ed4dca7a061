package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  /** A command's exit status and what it printed. */
  record Result(int status, String out, String err) {}

  static Result execute(String... args) {
    return execute(java.util.Map.of(), args);
  }

  /** As {@link #execute(String...)}, with {@code environment} as the process's variables (passwords). */
  static Result execute(java.util.Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main main = new Main(false, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        environment::get);
    int status = main.execute(args);
    if (main.running() != null) RunningOrderly.await(main.running().close());
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static JsonObject repositoryDefaults() throws Exception {
    return new JsonObject(Files.readString(Path.of("../../conf/orderly.json")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"help", "--help", "-h", "run --help", "migrate -h"})
  void helpListsTheCommandsAndEveryKey(String args) throws Exception {
    Result r = execute(args.split(" "));

    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("Orderly", "Usage:", "  run ", "--demo", "  migrate ", "  help ", "KEY=value", "Exit status");
    JsonObject defaults = repositoryDefaults();
    assertThat(defaults.fieldNames()).isNotEmpty();
    for (String key : defaults.fieldNames()) {
      String value = defaults.getString(key);
      assertThat(r.out()).as("line of %s", key)
          .containsPattern("(?m)^  " + key + " +\\S.*\\[" + java.util.regex.Pattern.quote(value.isEmpty() ? "empty" : value) + "]$");
    }
    assertThat(r.out()).contains("ORDERLY_CONF", "ENV_FILE", "LOG_LEVEL");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP_PORT|run DEBUG=true HTTP_PORT=abc",
      "ROLES|run DEBUG=true ROLES=nope",
      "SECRET_KEY|run DEBUG=false",
      "SECRET_KEY|migrate --DEBUG=false --SECRET_KEY=short",
      "ORDERLY_CONF|run DEBUG=true ORDERLY_CONF=/nonexistent/file.json",
      "ORDERLY_CONF|migrate ORDERLY_CONF=/nonexistent/file.json",
      "HTTP_INSTANCES|run DEBUG=true HTTP_INSTANCES=-1",
      "NO_SUCH_KEY|run NO_SUCH_KEY=1",
      "LOG_LEVEL|run LOG_LEVEL=DEBUG"})
  void configurationErrorsNameTheirKeyAndExit2(String testCase, @TempDir Path dir) {
    String key = testCase.substring(0, testCase.indexOf('|'));
    String[] args = (testCase.substring(testCase.indexOf('|') + 1) + " DATA_DIR=" + dir + " LOG_DIR=" + dir).split(" ");

    Result r = execute(args);

    assertThat(r.status()).isEqualTo(Main.USAGE);
    assertThat(r.err()).startsWith("Configuration error: " + key + ": ");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).doesNotContain("Exception", "\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void badArgumentsAreUsageErrors() {
    for (String[] args : new String[][] {{"frobnicate"}, {"migrate", "--demo"}, {"run", "=x"}, {"run", "lower=case"}}) {
      Result r = execute(args);
      assertThat(r.status()).as(String.join(" ", args)).isEqualTo(Main.USAGE);
      assertThat(r.err()).startsWith("Usage error: unexpected argument").contains("--help");
    }
  }

  @Test
  void parsesCommandFlagsAndOverrides() {
    Command none = Command.parse();
    assertThat(none.name()).isEqualTo(Main.RUN);
    assertThat(none.demo()).isFalse();

    Command run = Command.parse("--demo", "HTTP_PORT=9000", "--DEBUG=true", "SECRET_KEY=a=b");
    assertThat(run.name()).isEqualTo(Main.RUN);
    assertThat(run.demo()).isTrue();
    assertThat(run.overrides()).isEqualTo(new JsonObject().put("HTTP_PORT", "9000").put("DEBUG", "true").put("SECRET_KEY", "a=b"));

    Command migrate = Command.parse("migrate", "DATA_DIR=/tmp/x", "ORDERLY_CONF=/etc/orderly.json");
    assertThat(migrate.name()).isEqualTo(Main.MIGRATE);
    assertThat(migrate.overrides().getString("ORDERLY_CONF")).isEqualTo("/etc/orderly.json");
  }

  @Test
  void aCommandLineKeyOverridesTheConfigurationFile(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("orderly.json"), "{\"DEBUG\": \"true\", \"HTTP_PORT\": \"abc\"}");

    Result fromFile = execute("migrate", "ORDERLY_CONF=" + conf, "DATA_DIR=" + dir);
    Result overridden = execute("migrate", "ORDERLY_CONF=" + conf, "DATA_DIR=" + dir, "HTTP_PORT=9000");

    assertThat(fromFile.err()).startsWith("Configuration error: HTTP_PORT: not a number: 'abc'");
    assertThat(overridden.status()).as(overridden.err()).isZero();
    assertThat(overridden.out()).startsWith("Migrations applied: ");
  }

  @Test
  void recognisesABusyPortFromVertxOwnFailure() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ServerSocket busy = new ServerSocket(0)) {
      Throwable failure = null;
      try {
        vertx.createHttpServer().requestHandler(req -> req.response().end()).listen(busy.getLocalPort()).await();
      } catch (Throwable e) {
        failure = e;
      }
      assertThat(failure).as("listening on a busy port").isNotNull();
      assertThat(Main.portInUse(new Orderly.StartupException("starting gateway", null, failure))).isTrue();
      assertThat(Main.portInUse(new IllegalStateException("Address already in use"))).isTrue();
      assertThat(Main.portInUse(new IllegalStateException("Connection refused"))).isFalse();
    } finally {
      vertx.close().await();
    }
  }
}
