package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.Workflow;
import java.time.Instant;
import java.util.List;

/**
 * What a transition hook sees inside the transaction.
 *
 * @param values   the record as it will be written; the status is already the new one, and a hook
 *                 sets here the fields the transition fills in ({@code submitted_at}, ...)
 * @param children the record's child rows (read only)
 * @param comment  the request's comment, trimmed ("" when none came)
 */
public record TransitionContext(Workflow.Transition transition, RequestContext request, Instant now, RecordValues values,
                                List<RecordValues> children, String comment) {}
