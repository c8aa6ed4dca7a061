package dev.orderly.core.resource.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.LinkDef;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleMetadataTest {
  private static final ResourceDef ORDERS = ResourceDef.builder("purchase-orders", "purchase_orders", "purchase order")
      .field(Field.string("code").required().unique().maxLength(32).pattern("[A-Z0-9-]{1,32}"))
      .field(Field.string("email").maxLength(254).format(Field.Format.EMAIL))
      .field(Field.string("unit").choices("pcs", "kg").notBlank().defaultValue("pcs"))
      .field(Field.string("status").readOnly().choices("draft", "submitted"))
      .field(Field.text("notes"))
      .field(Field.decimal("unit_price", 12, 2).required().min(0))
      .field(Field.integer("stock_quantity").min(0).defaultValue(0L))
      .field(Field.bool("active").defaultValue(true))
      .field(Field.date("order_date"))
      .field(Field.reference("supplier_id", "suppliers").required())
      .field(Field.names("groups", new LinkDef("user_groups", "user_id", "group_id", "groups", "name")))
      .field(Field.children("lines", new ChildDef("lines", "order_id", List.of(
          Field.reference("product_id", "products").required(),
          Field.decimal("quantity", 12, 3).required().greaterThan(0)))))
      .field(Field.string("password").writeOnly())
      .build();

  private static final JsonObject META = SimpleMetadata.of(ORDERS);

  private static JsonObject field(String name) {
    return META.getJsonObject("fields").getJsonObject(name);
  }

  @Test
  void namesTheResourceAsDrfNamesAViewAfterItsModel() {
    assertThat(META.getString("name")).isEqualTo("Purchase Order");
    assertThat(META.getString("singular")).isEqualTo("purchase order");
    assertThat(META.getString("plural")).isEqualTo("purchase orders");
  }

  @Test
  void listsEveryFieldInDefinitionOrderReadOnlyAndWriteOnlyOnesToo() {
    assertThat(META.getJsonObject("fields").fieldNames()).containsExactly("id", "code", "email", "unit", "status", "notes",
        "unit_price", "stock_quantity", "active", "order_date", "supplier_id", "groups", "lines", "password", "version",
        "created_at", "updated_at");
  }

  @Test
  void aWritableStringCarriesItsLengthAndAnEmailIsTypedEmail() {
    assertThat(field("code")).isEqualTo(new JsonObject().put("type", "string").put("required", true).put("read_only", false)
        .put("label", "Code").put("max_length", 32));
    assertThat(field("email").getString("type")).isEqualTo("email");
    assertThat(field("email").getBoolean("required")).isFalse();
    assertThat(field("notes")).isEqualTo(new JsonObject().put("type", "string").put("required", false).put("read_only", false)
        .put("label", "Notes"));
  }

  @Test
  void choicesAreListedOnlyWhileTheFieldIsWritable() {
    assertThat(field("unit")).isEqualTo(new JsonObject().put("type", "choice").put("required", false).put("read_only", false)
        .put("label", "Unit").put("choices", new JsonArray()
            .add(new JsonObject().put("value", "pcs").put("display_name", "pcs"))
            .add(new JsonObject().put("value", "kg").put("display_name", "kg"))));
    assertThat(field("status")).isEqualTo(new JsonObject().put("type", "choice").put("required", false).put("read_only", true)
        .put("label", "Status"));
  }

  @Test
  void numbersCarryTheirRangeAndDecimalsTheirDigits() {
    assertThat(field("unit_price")).isEqualTo(new JsonObject().put("type", "decimal").put("required", true).put("read_only", false)
        .put("label", "Unit price").put("min_value", BigDecimal.ZERO).put("max_digits", 12).put("decimal_places", 2));
    assertThat(field("stock_quantity")).isEqualTo(new JsonObject().put("type", "integer").put("required", false)
        .put("read_only", false).put("label", "Stock quantity").put("min_value", 0L).put("max_value", 2147483647L));
    assertThat(field("id")).isEqualTo(new JsonObject().put("type", "integer").put("required", false).put("read_only", true)
        .put("label", "ID"));
  }

  @Test
  void otherTypesTakeDrfsLabels() {
    assertThat(field("active").getString("type")).isEqualTo("boolean");
    assertThat(field("order_date").getString("type")).isEqualTo("date");
    assertThat(field("created_at").getString("type")).isEqualTo("datetime");
    assertThat(field("created_at").getBoolean("read_only")).isTrue();
    assertThat(field("supplier_id")).isEqualTo(new JsonObject().put("type", "field").put("required", true).put("read_only", false)
        .put("label", "Supplier id"));
    assertThat(field("groups").getString("type")).isEqualTo("field");
    assertThat(field("password")).isEqualTo(new JsonObject().put("type", "string").put("required", false).put("read_only", false)
        .put("label", "Password"));
  }

  @Test
  void childRowsAreANestedObjectOfTheirOwnFields() {
    JsonObject lines = field("lines");
    assertThat(lines.getString("type")).isEqualTo("field");
    JsonObject child = lines.getJsonObject("child");
    assertThat(child.getString("type")).isEqualTo("nested object");
    assertThat(child.getJsonObject("children").fieldNames()).containsExactly("id", "product_id", "quantity");
    assertThat(child.getJsonObject("children").getJsonObject("quantity")).as("an exclusive bound is no DRF min_value")
        .isEqualTo(new JsonObject().put("type", "decimal").put("required", true).put("read_only", false).put("label", "Quantity")
            .put("max_digits", 12).put("decimal_places", 3));
  }
}
