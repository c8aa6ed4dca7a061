package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ReferenceCodecTest {
  private static final Field SUPPLIER = Field.reference("supplier_id", "suppliers");

  @Test
  void parsesIdsThatRenderFilterAndReadAsLongs() throws FieldError {
    assertThat(SUPPLIER.parse(12)).isEqualTo(12L);
    assertThat(SUPPLIER.parse("12")).isEqualTo(12L);
    assertThat(SUPPLIER.parse(SUPPLIER.render(12L))).isEqualTo(12L);
    assertThat(SUPPLIER.parseFilter("12")).isEqualTo(12L);
    assertThat(SUPPLIER.codec().read(SUPPLIER, 12)).isEqualTo(12L);
  }

  @Test
  void namesTheTypeItReceivedInPythonsWords() {
    assertThatThrownBy(() -> SUPPLIER.parse(true)).isInstanceOf(FieldError.class)
        .hasMessage("Incorrect type. Expected pk value, received bool.");
    assertThatThrownBy(() -> SUPPLIER.parse("acme")).hasMessage("Incorrect type. Expected pk value, received str.");
    assertThatThrownBy(() -> SUPPLIER.parse(1.5)).hasMessage("Incorrect type. Expected pk value, received float.");
    assertThatThrownBy(() -> SUPPLIER.parse(new JsonObject())).hasMessage("Incorrect type. Expected pk value, received dict.");
    assertThatThrownBy(() -> SUPPLIER.parseFilter("acme")).hasMessage("Enter a whole number.");
    assertThatThrownBy(() -> SUPPLIER.parseFilter("2147483648")).hasMessage("Ensure this value is less than or equal to 2147483647.");
    assertThatThrownBy(() -> SUPPLIER.parseFilter("-2147483649")).hasMessage("Ensure this value is greater than or equal to -2147483648.");
  }

  @Test
  void schemaNamesTheReferencedTable() {
    assertThat(SUPPLIER.codec().schema(SUPPLIER))
        .isEqualTo(new JsonObject().put("type", "integer").put("description", "id of a record of suppliers"));
  }
}
