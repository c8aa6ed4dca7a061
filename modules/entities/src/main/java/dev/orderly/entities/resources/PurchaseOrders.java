package dev.orderly.entities.resources;

import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.model.Workflow;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Purchase orders with their lines and their approval workflow (draft → submitted → approved or rejected;
 * draft or submitted → cancelled); the rules that span fields live in {@link PurchaseOrderRules}.
 */
public final class PurchaseOrders {
  public static final List<String> STATUSES = List.of("draft", "submitted", "approved", "rejected", "cancelled");

  public static final ChildDef LINES = new ChildDef("purchase_order_lines", "order_id", List.of(
      Field.reference("product_id", "products").required(),
      Field.decimal("quantity", 12, 3).required().greaterThan(0),
      Field.decimal("unit_price", 12, 2).min(0),
      Field.decimal("line_total", 14, 2).readOnly()));

  public static final ResourceDef DEF = ResourceDef.builder("purchase-orders", "purchase_orders", "purchase order")
      .field(Field.string("number").readOnly().unique())
      .field(Field.reference("supplier_id", "suppliers").required())
      .field(Field.string("status").readOnly().choices(STATUSES.toArray(String[]::new)))
      .field(Field.string("currency").maxLength(3).format(Field.Format.CURRENCY).notBlank().defaultValue("EUR"))
      .field(Field.date("order_date").defaultValue(() -> LocalDate.now(ZoneOffset.UTC)))
      .field(Field.date("expected_date").nullable())
      .field(Field.text("notes"))
      .field(Field.children("lines", LINES))
      .field(Field.decimal("total_amount", 14, 2).readOnly())
      .field(Field.reference("requested_by", "users").readOnly().nullable())
      .field(Field.timestamp("submitted_at").readOnly().nullable())
      .field(Field.reference("decided_by", "users").readOnly().nullable())
      .field(Field.timestamp("decided_at").readOnly().nullable())
      .field(Field.text("decision_comment").readOnly())
      .search("number", "notes")
      .workflow(Workflow.of("status", "requested_by", List.of(
          new Workflow.Transition("submit", "submitted", Set.of("draft"), "submitted", Workflow.Actor.REQUESTER_OR_CHANGE, false),
          new Workflow.Transition("approve", "approved", Set.of("submitted"), "approved", Workflow.Actor.APPROVER_NOT_REQUESTER, false),
          new Workflow.Transition("reject", "rejected", Set.of("submitted"), "rejected", Workflow.Actor.APPROVER_NOT_REQUESTER, true),
          new Workflow.Transition("cancel", "cancelled", Set.of("draft", "submitted"), "cancelled", Workflow.Actor.REQUESTER_OR_CHANGE,
              false))))
      .hooks(new PurchaseOrderRules())
      .build();

  private PurchaseOrders() {}
}
