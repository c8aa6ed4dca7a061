package dev.orderly.app;

import java.util.Map;

/** The text of {@code orderly --help}. */
final class Help {
  private Help() {}

  static String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("""
        Orderly: an event-driven business-records backend (suppliers, products, purchase orders) on
        Vert.x 5 that replaces a Django REST Framework application with the same HTTP API.

        Usage: java -jar orderly.jar [COMMAND] [OPTIONS] [KEY=value | --KEY=value ...]

        Commands:
          run        Migrate the database and start the services of ROLES (the default command).
                     --demo  also load sample suppliers, products and purchase orders
                             when the database has no supplier yet, and create the
                             superuser admin when there is no user (password:
                             ORDERLY_DEMO_PASSWORD, or with DEBUG=true orderly-demo-admin).
          migrate    Apply the database migrations of every service, then exit.
          createsuperuser --username NAME [--email ADDRESS]
                     Create a superuser (staff, every permission). The password comes from
                     ORDERLY_SUPERUSER_PASSWORD, else it is asked twice on the terminal.
          changepassword NAME
                     Set a user's password (same sources) and revoke its refresh tokens.
          export RESOURCE FILE [--format=xlsx|csv] [name=value ...]
                     Write the list of RESOURCE (e.g. products), filtered by list parameters
                     such as category=tools or ordering=-unit_price, to FILE (format from
                     --format, else from the file name's extension, else xlsx).
          import RESOURCE FILE [--dry-run]
                     Import an XLSX or CSV file as POST /api/RESOURCE/import does: every row
                     validated, all written or none; prints the summary (exit 1 on errors).
          help       Print this text (also --help or -h).

        Configuration, lowest precedence first: the defaults below (conf/orderly.json in the working
        directory, else the copy in the jar), the JSON file named by ORDERLY_CONF, the .env file,
        environment variables, then KEY=value or --KEY=value arguments after the command
        (for example: java -jar orderly.jar run HTTP_PORT=9000 DEBUG=true).

        Keys (shipped default in brackets):
        """);
    int width = 0;
    for (ConfigKeys.Key k : ConfigKeys.all()) width = Math.max(width, k.name().length());
    for (Map.Entry<String, String> e : ConfigKeys.ENVIRONMENT_ONLY.entrySet()) width = Math.max(width, e.getKey().length());
    for (ConfigKeys.Key k : ConfigKeys.all()) {
      String def = k.defaultValue() == null || k.defaultValue().isEmpty() ? "empty" : k.defaultValue();
      sb.append("  ").append(pad(k.name(), width)).append("  ").append(k.description()).append(" [").append(def).append("]\n");
    }
    sb.append("\nRead from the environment (ORDERLY_CONF and ENV_FILE also from the command line):\n");
    for (Map.Entry<String, String> e : ConfigKeys.ENVIRONMENT_ONLY.entrySet()) {
      sb.append("  ").append(pad(e.getKey(), width)).append("  ").append(e.getValue()).append('\n');
    }
    sb.append("""

        Exit status: 0 success, 1 start-up failure, 2 configuration or usage error.
        """);
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
