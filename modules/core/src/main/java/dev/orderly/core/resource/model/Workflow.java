package dev.orderly.core.resource.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The states of a resource's status field and the transitions between them (API.md "Approval
 * workflow"). The engine runs a transition atomically: the record's row is locked, {@code If-Match} is
 * checked before the state, an illegal transition is 409 {@code invalid_state}, and the audit entry
 * carries the statuses before and after.
 *
 * @param statusField    the read-only field that holds the state
 * @param requesterField the field that holds the id of the user who requested the record
 */
public record Workflow(String statusField, String requesterField, Map<String, Transition> transitions) {
  /** Who may run a transition, beyond the gateway's permission check of its route. */
  public enum Actor {
    /** The record's requester, or a holder of the resource's {@code change} permission. */
    REQUESTER_OR_CHANGE,
    /** A holder of the resource's {@code approve} permission who is not the requester (superusers included). */
    APPROVER_NOT_REQUESTER
  }

  /**
   * One transition.
   *
   * @param name            its name in the URL and its event type ({@code submit} → event {@code submitted})
   * @param event           the past tense: the event type and the history action
   * @param from            the states it leaves
   * @param to              the state it enters
   * @param commentRequired whether the body must carry a non-blank {@code comment}
   */
  public record Transition(String name, String event, Set<String> from, String to, Actor actor, boolean commentRequired) {
    public Transition {
      from = Set.copyOf(from);
    }
  }

  public Workflow {
    // declaration order, so that every node describes the transitions in the same order
    transitions = Collections.unmodifiableMap(new LinkedHashMap<>(transitions));
  }

  public static Workflow of(String statusField, String requesterField, List<Transition> transitions) {
    Map<String, Transition> byName = new LinkedHashMap<>();
    for (Transition t : transitions) byName.put(t.name(), t);
    return new Workflow(statusField, requesterField, byName);
  }

  /** The transition of that name, or null. */
  public Transition transition(String name) {
    return transitions.get(name);
  }
}
