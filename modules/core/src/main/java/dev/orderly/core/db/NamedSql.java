package dev.orderly.core.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL written once with {@code #{name}} parameters, rendered for a dialect ({@code $n} or {@code ?})
 * when it is built, so executing it is only binding a tuple. A repeated name is bound each time it
 * appears. Values are bound through {@link Dialect#bind}.
 */
public final class NamedSql {
  /** The database query log, as Django's {@code django.db.backends} at DEBUG: {@code LOG_SQL=true} turns it on. */
  private static final org.slf4j.Logger SQL_LOG = org.slf4j.LoggerFactory.getLogger("orderly.sql");

  private static final Pattern PARAM = Pattern.compile("#\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final Dialect dialect;
  private final String sql;
  private final List<String> names;

  private NamedSql(Dialect dialect, String sql, List<String> names) {
    this.dialect = dialect;
    this.sql = sql;
    this.names = names;
  }

  public static NamedSql of(Dialect dialect, String template) {
    Matcher m = PARAM.matcher(template);
    StringBuilder sb = new StringBuilder();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(dialect.placeholder(names.size())));
    }
    m.appendTail(sb);
    return new NamedSql(dialect, sb.toString(), List.copyOf(names));
  }

  public String sql() {
    return sql;
  }

  public Tuple tuple(Map<String, ?> params) {
    Tuple t = Tuple.tuple();
    for (String name : names) {
      if (!params.containsKey(name)) throw new IllegalArgumentException("no value for #{" + name + "}");
      t.addValue(dialect.bind(params.get(name)));
    }
    return t;
  }

  public Future<RowSet<Row>> execute(SqlClient client, Map<String, ?> params) {
    Future<RowSet<Row>> result = client.preparedQuery(sql).execute(tuple(params));
    if (!SQL_LOG.isDebugEnabled()) return result;
    long started = System.nanoTime();
    // the statement with its placeholders: parameter values (passwords, personal data) are never logged
    return result.andThen(done -> SQL_LOG.debug("{} ms{}: {}", (System.nanoTime() - started) / 1_000_000,
        done.succeeded() ? "" : " (failed)", sql));
  }

  @Override
  public String toString() {
    return sql;
  }
}
