package dev.orderly.core.resource.engine;

import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.LinkDef;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.query.ListQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The SQL of one resource in one dialect, generated from its definition. Identifiers come only from
 * the definition; request values are always bound parameters. Fixed statements are built once.
 */
final class ResourceSql {
  private final ResourceDef def;
  private final Dialect dialect;
  private final String table;
  private final String columnList;
  final NamedSql selectById;
  final NamedSql selectByIdForUpdate;
  final NamedSql insert;
  final NamedSql delete;
  final NamedSql selectChildren;
  final NamedSql insertChild;
  final NamedSql updateChild;
  final NamedSql deleteChild;
  private final Map<String, NamedSql> updates = new ConcurrentHashMap<>();
  private final Map<String, NamedSql> exists = new ConcurrentHashMap<>();

  ResourceSql(ResourceDef def, Dialect dialect) {
    this.def = def;
    this.dialect = dialect;
    this.table = q(def.table());
    this.columnList = def.columns().stream().map(f -> q(f.name())).collect(Collectors.joining(", "));
    this.selectById = sql("SELECT " + columnList + " FROM " + table + " WHERE \"id\" = #{id}");
    this.selectByIdForUpdate = sql("SELECT " + columnList + " FROM " + table + " WHERE \"id\" = #{id}" + dialect.forUpdate());
    List<Field> inserted = def.columns().stream().filter(f -> !f.name().equals("id")).toList();
    this.insert = sql("INSERT INTO " + table + " (" + inserted.stream().map(f -> q(f.name())).collect(Collectors.joining(", "))
        + ") VALUES (" + inserted.stream().map(f -> "#{" + f.name() + "}").collect(Collectors.joining(", ")) + ") RETURNING " + columnList);
    this.delete = sql("DELETE FROM " + table + " WHERE \"id\" = #{id}");
    Field children = def.childrenField();
    if (children != null) {
      ChildDef c = children.childDef();
      String ct = q(c.table());
      String cols = c.fields().keySet().stream().map(ResourceSql::q).collect(Collectors.joining(", "));
      List<String> written = c.fields().keySet().stream().filter(n -> !n.equals("id")).toList();
      this.selectChildren = sql("SELECT " + cols + ", " + q(c.parentColumn()) + " FROM " + ct + " WHERE "
          + q(c.parentColumn()) + " = #{parent} ORDER BY \"id\"");
      this.insertChild = sql("INSERT INTO " + ct + " (" + q(c.parentColumn()) + ", "
          + written.stream().map(ResourceSql::q).collect(Collectors.joining(", ")) + ") VALUES (#{parent}, "
          + written.stream().map(n -> "#{" + n + "}").collect(Collectors.joining(", ")) + ")");
      this.updateChild = sql("UPDATE " + ct + " SET " + written.stream().map(n -> q(n) + " = #{" + n + "}")
          .collect(Collectors.joining(", ")) + " WHERE \"id\" = #{id} AND " + q(c.parentColumn()) + " = #{parent}");
      this.deleteChild = sql("DELETE FROM " + ct + " WHERE \"id\" = #{id} AND " + q(c.parentColumn()) + " = #{parent}");
    } else {
      this.selectChildren = this.insertChild = this.updateChild = this.deleteChild = null;
    }
  }

  /** The statement that checks the definition against the real table: it fails if a column is missing. */
  NamedSql probe() {
    return sql("SELECT " + columnList + " FROM " + table + " WHERE 1 = 0");
  }

  NamedSql probeChildren() {
    ChildDef c = def.childrenField().childDef();
    return sql("SELECT " + c.fields().keySet().stream().map(ResourceSql::q).collect(Collectors.joining(", ")) + ", "
        + q(c.parentColumn()) + " FROM " + q(c.table()) + " WHERE 1 = 0");
  }

  /** UPDATE of the given columns, guarded by the version the change was computed from; returns the row as written. */
  NamedSql update(Collection<String> columns) {
    String key = String.join(",", columns);
    return updates.computeIfAbsent(key, k -> sql("UPDATE " + table + " SET "
        + columns.stream().map(c -> q(c) + " = #{" + c + "}, ").collect(Collectors.joining())
        + "\"version\" = \"version\" + 1, \"updated_at\" = #{updated_at} WHERE \"id\" = #{id} AND \"version\" = #{version}"
        + " RETURNING " + columnList));
  }

  /** The names linked to each of {@code owners} records: columns {@code owner}, {@code name}. */
  NamedSql selectNames(Field field, int owners) {
    LinkDef l = field.link();
    return sql("SELECT l." + q(l.ownerColumn()) + " AS \"owner\", t." + q(l.nameColumn()) + " AS \"name\" FROM " + q(l.linkTable())
        + " l JOIN " + q(l.targetTable()) + " t ON t.\"id\" = l." + q(l.targetColumn()) + " WHERE l." + q(l.ownerColumn())
        + " IN (" + list("p", owners) + ") ORDER BY t." + q(l.nameColumn()));
  }

  /** The ids of the named rows: columns {@code id}, {@code name}. */
  NamedSql resolveNames(Field field, int names) {
    LinkDef l = field.link();
    return sql("SELECT \"id\", " + q(l.nameColumn()) + " AS \"name\" FROM " + q(l.targetTable()) + " WHERE " + q(l.nameColumn())
        + " IN (" + list("n", names) + ")");
  }

  NamedSql deleteLinks(Field field) {
    LinkDef l = field.link();
    return sql("DELETE FROM " + q(l.linkTable()) + " WHERE " + q(l.ownerColumn()) + " = #{owner}");
  }

  NamedSql insertLink(Field field) {
    LinkDef l = field.link();
    return sql("INSERT INTO " + q(l.linkTable()) + " (" + q(l.ownerColumn()) + ", " + q(l.targetColumn()) + ") VALUES (#{owner}, #{target})");
  }

  private static String list(String prefix, int n) {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < n; i++) in.append(i == 0 ? "" : ", ").append("#{").append(prefix).append(i).append('}');
    return in.toString();
  }

  NamedSql exists(String otherTable) {
    return exists.computeIfAbsent(otherTable, t -> sql("SELECT 1 FROM " + q(t) + " WHERE \"id\" = #{id}"));
  }

  /** Children of several parents at once, for a list page. */
  NamedSql selectChildrenOf(int parents) {
    ChildDef c = def.childrenField().childDef();
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < parents; i++) in.append(i == 0 ? "" : ", ").append("#{p").append(i).append('}');
    String cols = c.fields().keySet().stream().map(ResourceSql::q).collect(Collectors.joining(", "));
    return sql("SELECT " + cols + ", " + q(c.parentColumn()) + " FROM " + q(c.table()) + " WHERE " + q(c.parentColumn())
        + " IN (" + in + ") ORDER BY " + q(c.parentColumn()) + ", \"id\"");
  }

  /** A page and its count, with their parameters. */
  record ListStatements(NamedSql page, NamedSql count, Map<String, Object> params) {}

  ListStatements list(ListQuery query, int limit, long offset) {
    Map<String, Object> params = new HashMap<>();
    String whereSql = where(conditions(query, params));
    List<ListQuery.Order> order = new ArrayList<>(query.ordering());
    if (order.stream().noneMatch(o -> o.field().name().equals("id"))) order.add(Keyset.ID_ASCENDING);
    params.put("limit", (long) limit);
    params.put("offset", offset);
    return new ListStatements(
        sql("SELECT " + columnList + " FROM " + table + whereSql + orderBy(order) + " LIMIT #{limit} OFFSET #{offset}"),
        sql("SELECT COUNT(*) AS \"count\" FROM " + table + whereSql),
        params);
  }

  /** A keyset page of export rows, with its parameters. */
  record RowsStatement(NamedSql page, Map<String, Object> params) {}

  /**
   * The rows of {@code query} after the keyset {@code after} (null: from the first), ordered by {@code keys}
   * ({@link Keyset#keys}), at most {@code limit} of them: no offset, no count.
   */
  RowsStatement rows(ListQuery query, List<ListQuery.Order> keys, List<Object> after, int limit) {
    Map<String, Object> params = new HashMap<>();
    StringBuilder where = conditions(query, params);
    if (after != null) {
      and(where);
      where.append(Keyset.after(keys, after, value -> param(params, value)));
    }
    params.put("limit", (long) limit);
    return new RowsStatement(sql("SELECT " + columnList + " FROM " + table + where(where) + orderBy(keys) + " LIMIT #{limit}"), params);
  }

  /** The filters and search terms of {@code query}, ANDed, their values bound in {@code params}. */
  private StringBuilder conditions(ListQuery query, Map<String, Object> params) {
    StringBuilder where = new StringBuilder();
    for (ListQuery.Filter f : query.filters()) {
      and(where);
      String col = q(f.field().name());
      switch (f.lookup()) {
        case ISNULL -> where.append(col).append(Boolean.TRUE.equals(f.value()) ? " IS NULL" : " IS NOT NULL");
        case IN -> {
          where.append(col).append(" IN (");
          List<?> values = (List<?>) f.value();
          for (int i = 0; i < values.size(); i++) where.append(i == 0 ? "" : ", ").append(param(params, values.get(i)));
          where.append(')');
        }
        case ICONTAINS -> where.append(col).append(' ').append(dialect.likeOperator()).append(' ')
            .append(param(params, like(f.value().toString()))).append(" ESCAPE '\\'");
        default -> where.append(col).append(' ').append(f.lookup().operator()).append(' ').append(param(params, f.value()));
      }
    }
    for (String term : query.searchTerms()) {
      and(where);
      String p = param(params, like(term));
      where.append('(').append(def.search().stream()
          .map(s -> q(s) + " " + dialect.likeOperator() + " " + p + " ESCAPE '\\'")
          .collect(Collectors.joining(" OR "))).append(')');
    }
    return where;
  }

  private static String where(StringBuilder conditions) {
    return conditions.length() == 0 ? "" : " WHERE " + conditions;
  }

  /** ORDER BY the terms, with nulls in the same place on both databases: after values going up, before them going down. */
  private static String orderBy(List<ListQuery.Order> terms) {
    StringBuilder order = new StringBuilder(" ORDER BY ");
    for (ListQuery.Order o : terms) {
      order.append(q(o.field().name())).append(o.descending() ? " DESC" : " ASC");
      if (o.field().isNullable()) order.append(o.descending() ? " NULLS FIRST" : " NULLS LAST");
      order.append(", ");
    }
    order.setLength(order.length() - 2);
    return order.toString();
  }

  private static void and(StringBuilder where) {
    if (where.length() > 0) where.append(" AND ");
  }

  private static String param(Map<String, Object> params, Object value) {
    String name = "p" + params.size();
    params.put(name, value);
    return "#{" + name + "}";
  }

  /** icontains as LIKE: the term's own wildcards are escaped. */
  private static String like(String term) {
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private NamedSql sql(String template) {
    return NamedSql.of(dialect, template);
  }

  static String q(String identifier) {
    return "\"" + identifier + "\"";
  }
}
