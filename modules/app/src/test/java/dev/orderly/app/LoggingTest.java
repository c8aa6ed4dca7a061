package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.orderly.core.config.ConfigException;
import dev.orderly.core.test.Eventually;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LoggingTest {
  @TempDir Path testLogs;

  @AfterEach
  void restoreTestLogging() {
    Logging.configure(testLogs, getClass().getClassLoader().getResource("logback-test.xml"));
  }

  @Test
  void theShippedConfigurationWritesItsFilesToLogDir(@TempDir Path dir) throws Exception {
    URL shipped = getClass().getClassLoader().getResource(Logging.DEFAULT_CONFIG);
    assertThat(shipped).as("conf/logback.xml on the class path").isNotNull();
    Path logDir = dir.resolve("nested/logs");

    Logging.configure(logDir, shipped);
    LoggerFactory.getLogger(LoggingTest.class).error("a line for the files");
    restoreTestLogging(); // stops the file appenders, flushing them

    assertThat(Files.readString(logDir.resolve("orderly.log"))).contains("a line for the files");
    assertThat(Files.readString(logDir.resolve("orderly_error.log"))).contains("a line for the files");
  }

  /** Blocks the writer at its first line until released: the queue in front of it fills. */
  private static final class StuckWriter extends AppenderBase<ILoggingEvent> {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch stuck = new CountDownLatch(1);

    @Override
    protected void append(ILoggingEvent event) {
      stuck.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anErrorLineIsQueuedLikeTheOthersAndSurvivesAFullQueue(@TempDir Path dir) throws Exception {
    Logging.configure(dir, getClass().getClassLoader().getResource(Logging.DEFAULT_CONFIG));
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    AsyncAppender queue = (AsyncAppender) root.getAppender("ASYNC");
    TeeAppender writers = (TeeAppender) queue.getAppender("CONSOLE_AND_FILES");
    writers.detachAppender("CONSOLE"); // thousands of lines: not for the test output
    StuckWriter stuckWriter = new StuckWriter();
    stuckWriter.setContext(root.getLoggerContext());
    stuckWriter.start();
    writers.addAppender(stuckWriter);
    org.slf4j.Logger log = LoggerFactory.getLogger(LoggingTest.class);
    try {
      log.info("the line the writer is stuck on");
      assertThat(stuckWriter.stuck.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < queue.getQueueSize() + 100; i++) log.info("filler {}", i);
      log.error("the error that must not be lost");
      assertThat(read(dir.resolve("orderly_error.log"))).as("not written by the thread that logged it").doesNotContain("must not be lost");
    } finally {
      stuckWriter.release.countDown();
    }
    Eventually.until("the error in both files", () -> read(dir.resolve("orderly.log")).contains("the error that must not be lost")
        && read(dir.resolve("orderly_error.log")).contains("the error that must not be lost"));
    assertThat(read(dir.resolve("orderly.log"))).as("lines below ERROR are dropped when the queue is full").doesNotContain("filler " + queue.getQueueSize());
  }

  @Test
  void logFormatJsonWritesOneJsonObjectPerLineWithTheRequestIdAndNoArgumentsOfItsOwn(@TempDir Path dir) throws Exception {
    Logging.configure(dir, getClass().getClassLoader().getResource(Logging.DEFAULT_CONFIG), LineEncoder.JSON);
    org.slf4j.MDC.put(RequestIdFilter.KEY, "stale"); // the filter puts the current request's id (none here) before each line
    LoggerFactory.getLogger(LoggingTest.class).warn("disk {} is {}% full", "/var", 91);
    restoreTestLogging();

    java.util.List<String> lines = Files.readAllLines(dir.resolve("orderly.log"));
    io.vertx.core.json.JsonObject line = lines.stream().map(io.vertx.core.json.JsonObject::new)
        .filter(j -> "disk /var is 91% full".equals(j.getString("formattedMessage"))).findFirst().orElseThrow();
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getString("loggerName")).isEqualTo(LoggingTest.class.getName());
    assertThat(line.containsKey("timestamp")).isTrue();
    assertThat(line.containsKey("arguments")).as("arguments are in the message already").isFalse();
    assertThat(line.containsKey("message")).as("the raw template is not repeated").isFalse();
    assertThat(line.getJsonObject("mdc", new io.vertx.core.json.JsonObject()).containsKey(RequestIdFilter.KEY))
        .as("no request id outside a request").isFalse();
  }

  @Test
  void orderlyLogIsFlushedWithinASecondWhileTheProcessRuns(@TempDir Path dir) {
    Logging.configure(dir, getClass().getClassLoader().getResource(Logging.DEFAULT_CONFIG));
    LoggerFactory.getLogger(LoggingTest.class).info("one short line, far below the 8 KiB buffer");
    // no stop: a tail -f must see it while logging goes on
    Eventually.until("the line in orderly.log", () -> read(dir.resolve("orderly.log")).contains("one short line"));
  }

  @Test
  void anUnusableLogDirIsAConfigurationError(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> Logging.configure(file.resolve("logs"), getClass().getClassLoader().getResource("logback-test.xml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LOG_DIR: cannot create");
  }
}
