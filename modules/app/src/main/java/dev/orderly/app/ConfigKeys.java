package dev.orderly.app;

import dev.orderly.core.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented configuration keys: descriptions from {@code config-keys.txt} (the one place they
 * are written), shipped defaults from {@code conf/orderly.json}. Used by {@code --help}; the README's
 * table is {@link #markdownTable()}, and a test keeps the two in step.
 */
final class ConfigKeys {
  static final String DESCRIPTIONS = "dev/orderly/app/config-keys.txt";

  /** Read from the environment only: they say where the configuration itself comes from. */
  static final Map<String, String> ENVIRONMENT_ONLY = orderedMap(
      "ORDERLY_CONF", "Extra JSON configuration file, layered over conf/orderly.json (default: none).",
      "ENV_FILE", "The .env file of KEY=value lines (default: .env in the working directory; skipped when absent).",
      "LOG_LEVEL", "Level of the root logger: TRACE, DEBUG, INFO, WARN or ERROR (default: INFO).",
      "ORDERLY_SUPERUSER_PASSWORD", "Password for createsuperuser and changepassword; without it they ask on the terminal, twice.",
      "ORDERLY_DEMO_PASSWORD", "Password of the demo superuser admin that run --demo creates when there is no user (default with DEBUG=true: orderly-demo-admin).");

  /** One documented key: name, shipped default, one-line description. */
  record Key(String name, String defaultValue, String description) {}

  private ConfigKeys() {}

  /** Every key of the shipped defaults, in the order of the descriptions file. */
  static List<Key> all() {
    JsonObject defaults = defaults();
    Map<String, String> descriptions = descriptions();
    for (String name : defaults.fieldNames()) {
      if (!descriptions.containsKey(name)) throw new IllegalStateException(DESCRIPTIONS + " has no line for " + name);
    }
    return descriptions.entrySet().stream()
        .map(e -> new Key(e.getKey(), defaults.getValue(e.getKey()) == null ? null : defaults.getValue(e.getKey()).toString(),
            e.getValue()))
        .toList();
  }

  static boolean known(String name) {
    return defaults().containsKey(name) || ENVIRONMENT_ONLY.containsKey(name);
  }

  /** The shipped {@code conf/orderly.json} (from the class path). */
  static JsonObject defaults() {
    return new JsonObject(read(ConfigLoader.DEFAULTS));
  }

  static Map<String, String> descriptions() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String line : read(DESCRIPTIONS).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int colon = line.indexOf(':');
      map.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    return map;
  }

  /** The configuration table of the README: key, default, description. */
  static String markdownTable() {
    StringBuilder sb = new StringBuilder("| key | default | description |\n| --- | --- | --- |\n");
    for (Key k : all()) {
      String def = k.defaultValue() == null || k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`";
      sb.append("| `").append(k.name()).append("` | ").append(def).append(" | ").append(k.description()).append(" |\n");
    }
    return sb.toString();
  }

  private static String read(String resource) {
    try (InputStream in = ConfigKeys.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing class-path resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
    return map;
  }
}
