package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.model.Workflow;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link Workflow} transition inside the caller's transaction: the record's row is locked (so N
 * racing approvers give one winner), then in order: who may (403), {@code If-Match} (412), the state
 * (409 {@code invalid_state}), the comment (400), the resource's own rule ({@code beforeTransition}), and
 * the write with its version bump. The outcome carries the record before and after for the audit entry.
 */
record Transitions(RecordReader reader, RecordWriter writer, Dialect dialect) {
  /** The record before and after a transition, and the transition. */
  record Moved(Workflow.Transition transition, Found before, Found after, String comment) {}

  /** The transition {@code request} names; 404 when the resource has no such transition. */
  static Workflow.Transition of(ResourceDef def, ResourceRequest.Transition request) {
    Workflow.Transition t = def.workflow() == null ? null : def.workflow().transition(request.transition());
    if (t == null) throw ServiceError.notFound();
    return t;
  }

  Future<Moved> run(SqlConnection conn, ResourceDef def, long id, Workflow.Transition t, ResourceRequest.Transition request,
                    RequestContext context, Instant now) {
    String comment = request.comment() == null ? "" : request.comment().trim();
    return reader.load(conn, def, id, true)
        .compose(before -> checked(def, t, before, request.ifMatch(), comment, context.caller()))
        .compose(before -> apply(conn, def, t, before, comment, context, now));
  }

  private static Future<Found> checked(ResourceDef def, Workflow.Transition t, Found before, String ifMatch, String comment,
                                       Caller caller) {
    Workflow workflow = def.workflow();
    Object requester = before.record().get(workflow.requesterField());
    boolean requested = caller.id() != null && Objects.equals(caller.id(), requester);
    boolean allowed = switch (t.actor()) {
      case REQUESTER_OR_CHANGE -> requested || caller.has(def.table() + ".change");
      case APPROVER_NOT_REQUESTER -> !requested && caller.has(def.table() + ".approve");
    };
    if (!allowed) {
      return Future.failedFuture(requested ? ServiceError.of(403, ErrorCodes.PERMISSION_DENIED,
          "You cannot " + t.name() + " a " + def.singular() + " you requested.") : ServiceError.permissionDenied());
    }
    IfMatch.check(ifMatch, before.version());
    String state = String.valueOf(before.record().get(workflow.statusField()));
    if (!t.from().contains(state)) {
      return Future.failedFuture(ServiceError.of(409, ErrorCodes.INVALID_STATE,
          "Cannot " + t.name() + " a " + def.singular() + " that is " + state + "."));
    }
    if (t.commentRequired() && comment.isEmpty()) return Future.failedFuture(ServiceError.invalid("comment", "This field is required."));
    return Future.succeededFuture(before);
  }

  private Future<Moved> apply(SqlConnection conn, ResourceDef def, Workflow.Transition t, Found before, String comment,
                              RequestContext context, Instant now) {
    Map<String, Object> values = new LinkedHashMap<>(before.record());
    values.put(def.workflow().statusField(), t.to());
    TransitionContext tc = new TransitionContext(t, context, now, RecordValues.of(values), RecordValues.ofAll(before.children()), comment);
    WriteContext w = new WriteContext(conn, dialect, def, context, now, RecordValues.of(before.record()), RecordValues.of(values), null,
        RecordValues.ofAll(before.children()));
    return def.hooks().beforeTransition(tc)
        .compose(v -> writer.update(w, before))
        .compose(row -> reader.complete(conn, def, row))
        .map(after -> new Moved(t, before, after, comment));
  }
}
