package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.config.ConfigException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void anUnusableLogDirIsAConfigurationError(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> Logging.configure(file.resolve("logs"), getClass().getClassLoader().getResource("logback-test.xml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LOG_DIR: cannot create");
  }
}
