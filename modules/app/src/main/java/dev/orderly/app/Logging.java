package dev.orderly.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import dev.orderly.core.config.ConfigException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Logging in two steps. Until the configuration is loaded a process logs to the console only, so
 * that {@code --help} or a configuration error writes no file; then {@link #configure} re-reads the
 * real logback configuration with {@code LOG_DIR} from the settings. The real configuration is
 * {@code logback.xml} from the class path (conf/logback.xml in the jar), or the file named by
 * {@code -Dlogback.configurationFile} when one was given.
 */
final class Logging {
  static final String CONFIG_PROPERTY = "logback.configurationFile";
  static final String BOOTSTRAP = "dev/orderly/app/logback-bootstrap.xml";
  static final String DEFAULT_CONFIG = "logback.xml";
  static final String SQL_LOGGER = "orderly.sql";

  private static volatile String userConfig;

  private Logging() {}

  /** Call first in {@code main}, before anything logs. */
  static void bootstrap() {
    userConfig = System.getProperty(CONFIG_PROPERTY);
    if (userConfig == null) System.setProperty(CONFIG_PROPERTY, BOOTSTRAP);
  }

  /**
   * Applies the real configuration with {@code LOG_DIR} set to {@code logDir}, which is created; with
   * {@code logSql} the query log ({@code orderly.sql}) is at DEBUG; {@code logFormat} ({@code text} or
   * {@code json}) is the configuration's {@code LOG_FORMAT}.
   */
  static void configure(Path logDir, boolean logSql, String logFormat) {
    configure(logDir, configUrl(), logFormat);
    if (logSql && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(SQL_LOGGER).setLevel(ch.qos.logback.classic.Level.DEBUG);
    }
  }

  static void configure(Path logDir, URL config) {
    configure(logDir, config, LineEncoder.TEXT);
  }

  static void configure(Path logDir, URL config, String format) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new ConfigException("LOG_DIR", "cannot create " + logDir.toAbsolutePath() + " (" + e + ")");
    }
    if (!Files.isWritable(logDir)) throw new ConfigException("LOG_DIR", "cannot write to " + logDir.toAbsolutePath());
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) return;
    context.reset();
    context.putProperty("LOG_DIR", logDir.toAbsolutePath().toString());
    context.putProperty("LOG_FORMAT", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      // logback has recorded the reason in its status list, printed below
    }
    new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
  }

  /** Flushes and closes the appenders; the last thing a stopping process does. */
  static void stop() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) context.stop();
  }

  private static URL configUrl() {
    String name = userConfig == null ? DEFAULT_CONFIG : userConfig;
    URL url = Logging.class.getClassLoader().getResource(name);
    if (url != null) return url;
    try {
      return name.contains(":") && !Path.of(name).isAbsolute() ? new URL(name) : Path.of(name).toUri().toURL();
    } catch (MalformedURLException | RuntimeException e) {
      throw new ConfigException(CONFIG_PROPERTY, "not a file, URL or class-path resource: " + name);
    }
  }
}
