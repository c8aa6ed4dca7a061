package dev.orderly.export;

import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;

/** The SQL of the export-job queue ({@code export_jobs}), rendered once for the dialect. */
final class JobsSql {
  static final String QUEUED = "queued";
  static final String RUNNING = "running";
  static final String DONE = "done";
  static final String FAILED = "failed";

  final NamedSql insert;
  final NamedSql byId;
  final NamedSql claim;
  final NamedSql progress;
  final NamedSql heartbeat;
  final NamedSql done;
  final NamedSql failed;
  final NamedSql ownOrphans;
  final NamedSql staleOrphans;
  final NamedSql expired;
  final NamedSql delete;

  JobsSql(Dialect dialect) {
    insert = NamedSql.of(dialect, "INSERT INTO export_jobs (resource, format, filters, status, filename, user_id, caller, created_at)"
        + " VALUES (#{resource}, #{format}, #{filters}, '" + QUEUED + "', #{filename}, #{user_id}, #{caller}, #{now}) RETURNING *");
    byId = NamedSql.of(dialect, "SELECT * FROM export_jobs WHERE id = #{id}");
    // the guard on status makes a claim that lost a race to another node change nothing
    claim = NamedSql.of(dialect, "UPDATE export_jobs SET status = '" + RUNNING + "', node = #{node}, started_at = #{now}, heartbeat_at = #{now}"
        + " WHERE id = (SELECT id FROM export_jobs WHERE status = '" + QUEUED + "' ORDER BY id LIMIT 1) AND status = '" + QUEUED
        + "' RETURNING *");
    progress = NamedSql.of(dialect, "UPDATE export_jobs SET row_count = #{rows}, progress = #{progress}, heartbeat_at = #{now}"
        + " WHERE id = #{id} AND status = '" + RUNNING + "'");
    heartbeat = NamedSql.of(dialect, "UPDATE export_jobs SET heartbeat_at = #{now} WHERE id = #{id} AND status = '" + RUNNING + "'");
    done = NamedSql.of(dialect, "UPDATE export_jobs SET status = '" + DONE + "', row_count = #{rows}, progress = 100, file = #{file},"
        + " finished_at = #{now} WHERE id = #{id} RETURNING *");
    failed = NamedSql.of(dialect, "UPDATE export_jobs SET status = '" + FAILED + "', error = #{error}, finished_at = #{now}"
        + " WHERE id = #{id} RETURNING *");
    String orphaned = "UPDATE export_jobs SET status = '" + FAILED + "', error = 'The node running this export stopped.',"
        + " finished_at = #{now} WHERE status = '" + RUNNING + "' AND ";
    ownOrphans = NamedSql.of(dialect, orphaned + "node = #{node} RETURNING *");
    staleOrphans = NamedSql.of(dialect, orphaned + "heartbeat_at < #{stale} RETURNING *");
    expired = NamedSql.of(dialect, "SELECT id, file FROM export_jobs WHERE finished_at < #{before}");
    delete = NamedSql.of(dialect, "DELETE FROM export_jobs WHERE id = #{id}");
  }
}
