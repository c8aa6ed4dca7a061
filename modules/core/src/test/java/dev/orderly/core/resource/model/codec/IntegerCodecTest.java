package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class IntegerCodecTest {
  private static final Field STOCK = Field.integer("stock").min(0);

  @Test
  void parsesWholeNumbersThatRenderFilterAndReadAsLongs() throws FieldError {
    assertThat(STOCK.parse(7)).isEqualTo(7L);
    assertThat(STOCK.parse(" 7 ")).isEqualTo(7L);
    assertThat(STOCK.parse(7.0)).isEqualTo(7L);
    assertThat(STOCK.parse(STOCK.render(7L))).isEqualTo(7L);
    assertThat(STOCK.parseFilter("42")).isEqualTo(42L);
    assertThat(STOCK.codec().read(STOCK, 5)).as("SQLite's INTEGER").isEqualTo(5L);
    assertThat(STOCK.codec().read(STOCK, 5L)).as("PostgreSQL's BIGINT").isEqualTo(5L);
  }

  @Test
  void rejectsFractionsTextAndValuesBelowTheBound() {
    assertThatThrownBy(() -> STOCK.parse(1.5)).isInstanceOf(FieldError.class).hasMessage("A valid integer is required.");
    assertThatThrownBy(() -> STOCK.parse("seven")).hasMessage("A valid integer is required.");
    assertThatThrownBy(() -> STOCK.parse(-1)).hasMessage("Ensure this value is greater than or equal to 0.");
    assertThatThrownBy(() -> Field.integer("n").greaterThan(0).parse(0)).hasMessage("Ensure this value is greater than 0.");
    assertThatThrownBy(() -> STOCK.parseFilter("1.5")).hasMessage("Enter a whole number.");
  }

  @Test
  void schemaStatesTheBound() {
    assertThat(STOCK.codec().schema(STOCK)).isEqualTo(new JsonObject().put("type", "integer").put("minimum", 0L));
    Field positive = Field.integer("n").greaterThan(0).readOnly();
    assertThat(positive.codec().schema(positive))
        .isEqualTo(new JsonObject().put("type", "integer").put("readOnly", true).put("exclusiveMinimum", 0L));
  }
}
