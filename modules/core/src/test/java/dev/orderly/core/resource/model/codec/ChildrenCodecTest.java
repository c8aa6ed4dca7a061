package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildrenCodecTest {
  private static final Field LINES = Field.children("lines",
      new ChildDef("order_lines", "order_id", List.of(Field.decimal("quantity", 12, 3).required())));

  @Test
  void isParsedAndStoredByItsChildDefNotAsAValue() {
    assertThat(LINES.isColumn()).isFalse();
    assertThatThrownBy(() -> LINES.parse(new JsonArray())).isInstanceOf(IllegalStateException.class)
        .hasMessage("children are parsed by their ChildDef");
    assertThatThrownBy(() -> LINES.codec().read(LINES, "x")).hasMessage("CHILDREN is not a column");
    assertThatThrownBy(() -> LINES.parseFilter("x")).hasMessage("This field cannot be filtered.");
  }

  @Test
  void schemaIsAnArrayOfTheChildFieldsSchemas() {
    JsonObject quantity = new JsonObject().put("type", "string").put("format", "decimal")
        .put("description", "Decimal(12,3) as a string; numbers are accepted");
    JsonObject id = new JsonObject().put("type", "integer").put("readOnly", true);
    assertThat(LINES.codec().schema(LINES)).isEqualTo(new JsonObject().put("type", "array").put("items",
        new JsonObject().put("type", "object").put("properties", new JsonObject().put("id", id).put("quantity", quantity))));
  }
}
