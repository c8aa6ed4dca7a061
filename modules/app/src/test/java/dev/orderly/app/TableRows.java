package dev.orderly.app;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.TestServices;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every table of a running node's database (Flyway's history included), read over JDBC beside
 * the node, so a test can tell that nothing at all was written: {@link #changedSince} counts the rows that
 * differ, {@link #digest} is a SHA-256 over all of them.
 */
final class TableRows {
  private final Map<String, List<String>> rows;
  private final long unpublished;

  private TableRows(Map<String, List<String>> rows, long unpublished) {
    this.rows = rows;
    this.unpublished = unpublished;
  }

  static TableRows of(RunningOrderly app) {
    try (Connection c = connect(app); Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = app.db() == Db.SQLITE
          ? st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
          : st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = '"
              + app.overrides().getString("POSTGRES_SCHEMA") + "'")) {
        while (rs.next()) tables.add(rs.getString(1));
      }
      Map<String, List<String>> all = new TreeMap<>();
      long unpublished = 0;
      for (String table : tables) {
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              String value = rs.getString(i);
              line.append(meta.getColumnName(i)).append('=').append(value == null ? "\u2400" : value).append('\u241F');
              // a change-log row the relay has yet to mark: the rows are not settled
              if (value == null && meta.getColumnName(i).equalsIgnoreCase("published_at")) unpublished++;
            }
            lines.add(line.toString());
          }
        }
        Collections.sort(lines);
        all.put(table, lines);
      }
      return new TableRows(all, unpublished);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the tables of " + app.db(), e);
    }
  }

  /** A JDBC connection to the node's database, beside the node. */
  static Connection connect(RunningOrderly app) throws SQLException {
    if (app.db() == Db.SQLITE) return DriverManager.getConnection("jdbc:sqlite:" + app.settings().sqliteFile().toAbsolutePath());
    String url = "jdbc:postgresql://" + TestServices.PG_HOST + ":" + TestServices.PG_PORT + "/" + TestServices.PG_DB
        + "?currentSchema=" + app.overrides().getString("POSTGRES_SCHEMA");
    return DriverManager.getConnection(url, TestServices.PG_USER, TestServices.PG_PASSWORD);
  }

  /** Change-log rows not yet published: background writes still to come. */
  long unpublished() {
    return unpublished;
  }

  int tables() {
    return rows.size();
  }

  long rowCount() {
    return rows.values().stream().mapToLong(List::size).sum();
  }

  /** Rows in one snapshot and not in the other (as multisets, table by table): 0 when nothing was written. */
  long changedSince(TableRows before) {
    long changed = 0;
    for (String table : union(before)) {
      Map<String, Integer> counts = new HashMap<>();
      for (String row : before.rows.getOrDefault(table, List.of())) counts.merge(row, 1, Integer::sum);
      for (String row : rows.getOrDefault(table, List.of())) counts.merge(row, -1, Integer::sum);
      for (int n : counts.values()) changed += Math.abs(n);
    }
    return changed;
  }

  /** The tables whose rows differ from {@code before}'s. */
  List<String> tablesChangedSince(TableRows before) {
    List<String> changed = new ArrayList<>();
    for (String table : union(before)) {
      if (!before.rows.getOrDefault(table, List.of()).equals(rows.getOrDefault(table, List.of()))) changed.add(table);
    }
    return changed;
  }

  private List<String> union(TableRows other) {
    TreeMap<String, Boolean> names = new TreeMap<>();
    rows.keySet().forEach(t -> names.put(t, true));
    other.rows.keySet().forEach(t -> names.put(t, true));
    return List.copyOf(names.keySet());
  }

  String digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      rows.forEach((table, lines) -> {
        sha.update(table.getBytes(StandardCharsets.UTF_8));
        lines.forEach(line -> sha.update(("\n" + line).getBytes(StandardCharsets.UTF_8)));
        sha.update((byte) 0);
      });
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
