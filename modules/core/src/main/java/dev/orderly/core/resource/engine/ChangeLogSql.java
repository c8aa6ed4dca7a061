package dev.orderly.core.resource.engine;

import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;

/** The statements of the change log's outbox side ({@link EventRelay}, {@link ChangeFeed}) on one service's table. */
final class ChangeLogSql {
  static final int BATCH = 500;
  private static final String EVENT_COLUMNS = "\"id\", \"event_id\", \"resource\", \"record_id\", \"action\", \"actor_id\", "
      + "\"actor_username\", \"at\", \"version\", \"data\"";

  /** Numbered rows not yet published, oldest event first. */
  final NamedSql pending;
  final NamedSql markPublished;
  /**
   * Numbers the committed rows that have no number yet (at most {@value #BATCH} ids from the first) and returns
   * them: event_id = the last number + id - the first such id + 1, so numbers keep the rows' order and are
   * above every number given before (gaps allowed). One statement, so it sees one snapshot.
   */
  final NamedSql number;
  /** PostgreSQL: one relay numbers at a time, whatever the number of nodes; null on SQLite (one writer). */
  final NamedSql lock;

  /** The newest numbered event id: numbered rows have committed, and are published or being published. */
  final NamedSql lastNumbered;
  /** Whether events after {@code since} are past retention (then a reader must reload). */
  final NamedSql pastRetention;
  final NamedSql prune;

  /** The change-log table these statements work on. */
  final String table;
  final Dialect dialect;

  ChangeLogSql(Dialect dialect, String table) {
    this.table = table;
    this.dialect = dialect;
    String t = "\"" + table + "\"";
    pending = NamedSql.of(dialect, "SELECT " + EVENT_COLUMNS + " FROM " + t
        + " WHERE \"event_id\" IS NOT NULL AND \"published_at\" IS NULL ORDER BY \"event_id\" LIMIT " + BATCH);
    markPublished = NamedSql.of(dialect, "UPDATE " + t + " SET \"published_at\" = #{now}"
        + " WHERE \"event_id\" IS NOT NULL AND \"published_at\" IS NULL AND \"event_id\" <= #{upto}");
    number = NamedSql.of(dialect, "UPDATE " + t + " SET \"event_id\" = m.\"base\" + \"id\" - m.\"first\" + 1"
        + " FROM (SELECT COALESCE(MAX(\"event_id\"), 0) AS \"base\", (SELECT MIN(\"id\") FROM " + t
        + " WHERE \"event_id\" IS NULL AND \"published_at\" IS NULL) AS \"first\" FROM " + t + ") AS m"
        + " WHERE " + t + ".\"event_id\" IS NULL AND " + t + ".\"published_at\" IS NULL AND " + t + ".\"id\" < m.\"first\" + " + BATCH
        + " RETURNING " + EVENT_COLUMNS);
    lock = dialect == Dialect.POSTGRESQL ? NamedSql.of(dialect, "SELECT pg_advisory_xact_lock(hashtext(#{name}))") : null;
    lastNumbered = NamedSql.of(dialect, "SELECT COALESCE(MAX(\"event_id\"), 0) AS \"last\" FROM " + t);
    pastRetention = NamedSql.of(dialect, "SELECT 1 FROM " + t + " WHERE \"event_id\" > #{since} AND \"at\" < #{cutoff} LIMIT 1");
    prune = NamedSql.of(dialect, "UPDATE " + t + " SET \"data\" = NULL WHERE \"id\" IN (SELECT \"id\" FROM " + t
        + " WHERE \"published_at\" IS NOT NULL AND \"at\" < #{cutoff} AND \"data\" IS NOT NULL ORDER BY \"id\" LIMIT 1000)");
  }

  /**
   * The numbered events of some tables after {@code since}, published or not yet: the relay publishes a row
   * before it marks it, so a reader that registers for live events while a row is between the two still
   * finds it here. {@code tables} names as many #{tN} parameters.
   */
  NamedSql feed(int tables) {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < tables; i++) in.append(i == 0 ? "" : ", ").append("#{t").append(i).append('}');
    return NamedSql.of(dialect, "SELECT " + EVENT_COLUMNS + " FROM \"" + table + "\" WHERE \"event_id\" > #{since}"
        + " AND \"resource\" IN (" + in + ") ORDER BY \"event_id\" LIMIT #{limit}");
  }
}
