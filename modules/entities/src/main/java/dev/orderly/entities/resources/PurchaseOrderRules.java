package dev.orderly.entities.resources;

import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.engine.TransitionContext;
import dev.orderly.core.resource.engine.WriteContext;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.ResourceHooks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Purchase-order rules: numbering {@code PO-<year>-<6 digits>}, the draft-only edit rule, lines whose
 * products belong to the order's supplier, default line prices, line totals rounded half-up and the
 * order total, {@code expected_date} not before {@code order_date}, and what each workflow transition
 * needs and stamps.
 */
final class PurchaseOrderRules implements ResourceHooks {
  /** Largest amount a total may hold: decimal(14,2), exact in every database. */
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");
  private static final String NEXT_NUMBER = "INSERT INTO \"purchase_order_numbers\" (\"year\", \"last\") VALUES (#{year}, 1) "
      + "ON CONFLICT (\"year\") DO UPDATE SET \"last\" = \"purchase_order_numbers\".\"last\" + 1 RETURNING \"last\"";

  @Override
  public Future<Void> checkWritable(RecordValues existing) {
    String status = existing.getString("status");
    if (!"draft".equals(status)) {
      return Future.failedFuture(ServiceError.of(409, ErrorCodes.INVALID_STATE,
          "Only a draft purchase order can be changed or deleted; this one is " + status + "."));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> beforeWrite(WriteContext w) {
    RecordValues v = w.values();
    LocalDate orderDate = v.getDate("order_date");
    LocalDate expected = v.getDate("expected_date");
    if (expected != null && orderDate != null && expected.isBefore(orderDate)) {
      return Future.failedFuture(ServiceError.invalid("expected_date", "Expected date cannot be before the order date."));
    }
    List<RecordValues> lines = w.finalChildren();
    Future<Void> checked = checkLines(w, lines).compose(x -> {
      BigDecimal total = BigDecimal.ZERO.setScale(2);
      for (RecordValues line : lines) total = total.add(line.getDecimal("line_total"));
      if (total.compareTo(MAX_AMOUNT) > 0) {
        return Future.failedFuture(ServiceError.invalid("lines", "Ensure that the order total has no more than 14 digits in total."));
      }
      v.put("total_amount", total);
      return Future.succeededFuture();
    });
    if (!w.creating()) return checked;
    return checked.compose(x -> w.query(NEXT_NUMBER, Map.of("year", (long) orderYear(w))))
        .map(rows -> {
          v.put("number", String.format("PO-%d-%06d", orderYear(w), rows.iterator().next().getLong("last")));
          v.put("status", "draft");
          v.put("requested_by", w.request().caller().id());
          v.put("submitted_at", null);
          v.put("decided_by", null);
          v.put("decided_at", null);
          v.put("decision_comment", "");
          return null;
        });
  }

  /** Submitting needs a line; a submit stamps {@code submitted_at}, a decision who, when and why. */
  @Override
  public Future<Void> beforeTransition(TransitionContext t) {
    switch (t.transition().name()) {
      case "submit" -> {
        if (t.children().isEmpty()) {
          return Future.failedFuture(ServiceError.invalid("lines", "A purchase order needs at least one line to be submitted."));
        }
        t.values().put("submitted_at", t.now());
      }
      case "approve", "reject" -> t.values().put("decided_by", t.request().caller().id()).put("decided_at", t.now())
          .put("decision_comment", t.comment());
      default -> { }
    }
    return Future.succeededFuture();
  }

  /** The creation year, which the number carries. */
  private static int orderYear(WriteContext w) {
    return w.now().atZone(ZoneOffset.UTC).getYear();
  }

  /** Every line's product must be the supplier's; fills in default prices and computes line totals. */
  private Future<Void> checkLines(WriteContext w, List<RecordValues> lines) {
    if (lines.isEmpty()) return Future.succeededFuture();
    Set<Object> existingIds = new HashSet<>();
    for (RecordValues old : w.existingChildren()) existingIds.add(old.id());
    for (RecordValues line : lines) {
      if (line.id() != null && !existingIds.contains(line.id())) {
        return Future.failedFuture(ServiceError.invalid("lines", "Line " + line.id() + " does not belong to this order."));
      }
    }
    StringBuilder in = new StringBuilder();
    Map<String, Object> params = new HashMap<>();
    for (RecordValues line : lines) {
      String name = "p" + params.size();
      params.put(name, line.get("product_id"));
      in.append(in.length() == 0 ? "" : ", ").append("#{").append(name).append('}');
    }
    return w.query("SELECT \"id\", \"supplier_id\", \"unit_price\" FROM \"products\" WHERE \"id\" IN (" + in + ")", params)
        .compose(rows -> {
          Map<Long, Row> products = new HashMap<>();
          for (Row row : rows) products.put(row.getLong("id"), row);
          Long supplier = w.values().getLong("supplier_id");
          JsonArray errors = new JsonArray();
          boolean failed = false;
          for (RecordValues line : lines) {
            Row product = products.get(line.getLong("product_id"));
            JsonObject lineErrors = new JsonObject();
            if (product == null) {
              lineErrors.put("product_id", new JsonArray().add("Invalid pk \"" + line.get("product_id") + "\" - object does not exist."));
            } else if (!product.getLong("supplier_id").equals(supplier)) {
              lineErrors.put("product_id", new JsonArray().add("Product " + line.get("product_id") + " is not supplied by supplier " + supplier + "."));
            } else {
              if (line.get("unit_price") == null) line.put("unit_price", Products.DEF.field("unit_price").read(product));
              BigDecimal total = line.getDecimal("quantity").multiply(line.getDecimal("unit_price"))
                  .setScale(2, RoundingMode.HALF_UP);
              if (total.compareTo(MAX_AMOUNT) > 0) {
                lineErrors.put("quantity", new JsonArray().add("Ensure that the line total has no more than 14 digits in total."));
              }
              line.put("line_total", total);
            }
            failed |= !lineErrors.isEmpty();
            errors.add(lineErrors);
          }
          return failed ? Future.failedFuture(ServiceError.validation(new JsonObject().put("lines", errors))) : Future.succeededFuture();
        });
  }
}
