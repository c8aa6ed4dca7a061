package dev.orderly.app;

import static dev.orderly.app.Main.CHANGE_PASSWORD;
import static dev.orderly.app.Main.CREATE_SUPERUSER;
import static dev.orderly.app.Main.DEMO;
import static dev.orderly.app.Main.EXPORT;
import static dev.orderly.app.Main.IMPORT;
import static dev.orderly.app.Main.HELP;
import static dev.orderly.app.Main.MIGRATE;
import static dev.orderly.app.Main.RUN;

import dev.orderly.core.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed command line: the command, {@code --demo}, the account options ({@code --username},
 * {@code --email}, or changepassword's user name), the file options of export and import, and
 * {@code KEY=value} overrides.
 */
record Command(String name, boolean demo, JsonObject overrides, String username, String email, Transfer transfer) {
  Command(String name, boolean demo, JsonObject overrides) {
    this(name, demo, overrides, null, null, null);
  }

  /**
   * {@code export <resource> <file> [--format=xlsx|csv] [name=value...]} or {@code import <resource> <file> [--dry-run]}:
   * list parameters are lower-case {@code name=value} pairs (configuration keys are upper case).
   *
   * @param params list parameters, {@code {name: [values...]}}
   */
  record Transfer(String resource, String file, String format, JsonObject params, boolean dryRun) {}

  private static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9_]*");

  private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");

  static Command parse(String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    String name = RUN;
    if (!rest.isEmpty() && List.of(RUN, MIGRATE, HELP, CREATE_SUPERUSER, CHANGE_PASSWORD, EXPORT, IMPORT).contains(rest.get(0))) name = rest.remove(0);
    if (rest.contains("--help") || rest.contains("-h")) return new Command(HELP, false, new JsonObject());
    boolean demo = false;
    String username = null;
    String email = null;
    JsonObject overrides = new JsonObject();
    List<String> positional = new ArrayList<>();
    String format = null;
    boolean dryRun = false;
    JsonObject params = new JsonObject();
    boolean transfer = name.equals(EXPORT) || name.equals(IMPORT);
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (transfer) {
        if (name.equals(EXPORT) && arg.startsWith("--format")) {
          format = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < rest.size() ? rest.get(++i) : null;
          if (format == null) throw new UsageException("Usage error: --format needs a value (xlsx or csv)");
          continue;
        }
        if (name.equals(IMPORT) && arg.equals("--dry-run")) {
          dryRun = true;
          continue;
        }
        int eq = arg.indexOf('=');
        if (!arg.startsWith("-") && eq < 0 && positional.size() < 2) {
          positional.add(arg);
          continue;
        }
        if (name.equals(EXPORT) && eq > 0 && PARAMETER.matcher(arg.substring(0, eq)).matches()) {
          params.put(arg.substring(0, eq), (params.containsKey(arg.substring(0, eq)) ? params.getJsonArray(arg.substring(0, eq))
              : new io.vertx.core.json.JsonArray()).add(arg.substring(eq + 1)));
          continue;
        }
      }
      if (arg.equals(DEMO) && name.equals(RUN)) {
        demo = true;
        continue;
      }
      if (name.equals(CREATE_SUPERUSER) && (arg.startsWith("--username") || arg.startsWith("--email"))) {
        String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < rest.size() ? rest.get(++i) : null;
        if (value == null || !(option.equals("--username") || option.equals("--email"))) {
          throw new UsageException("Usage error: " + option + " needs a value (see --help)");
        }
        if (option.equals("--username")) username = value;
        else email = value;
        continue;
      }
      if (name.equals(CHANGE_PASSWORD) && username == null && !arg.contains("=")) {
        username = arg;
        continue;
      }
      String pair = arg.startsWith("--") ? arg.substring(2) : arg;
      int eq = pair.indexOf('=');
      if (eq <= 0 || !KEY.matcher(pair.substring(0, eq)).matches()) {
        throw new UsageException("Usage error: unexpected argument '" + arg + "' for " + name
            + " (expected KEY=value" + (name.equals(RUN) ? " or --demo" : "") + "; see --help)");
      }
      String key = pair.substring(0, eq);
      if (ConfigKeys.ENVIRONMENT_ONLY.containsKey(key) && !key.equals("ORDERLY_CONF") && !key.equals("ENV_FILE")) {
        throw new ConfigException(key, "read from the environment only, not from the command line");
      }
      if (!ConfigKeys.known(key)) throw new ConfigException(key, "unknown configuration key (see --help)");
      overrides.put(key, pair.substring(eq + 1));
    }
    if (!transfer) return new Command(name, demo, overrides, username, email, null);
    if (positional.size() < 2) {
      throw new UsageException("Usage error: " + name + " needs a resource and a file (e.g. " + name + " products products."
          + (name.equals(EXPORT) ? "xlsx" : "csv") + "; see --help)");
    }
    return new Command(name, false, overrides, null, null, new Transfer(positional.get(0), positional.get(1), format, params, dryRun));
  }
}
