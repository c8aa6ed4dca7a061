package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalCodecTest {
  private static final Field PRICE = Field.decimal("unit_price", 12, 2).min(0);

  @Test
  void parsesToTheFieldsScaleAndRendersAsAString() throws FieldError {
    Object value = PRICE.parse("12.5");
    assertThat(value).isEqualTo(new BigDecimal("12.50"));
    assertThat(PRICE.parse(12.5)).isEqualTo(value);
    assertThat(PRICE.render(value)).isEqualTo("12.50");
    assertThat(PRICE.parse(PRICE.render(value))).isEqualTo(value);
    assertThat(PRICE.parseFilter(" 12.5 ")).isEqualTo(new BigDecimal("12.5"));
  }

  @Test
  void readsEitherDriversColumnAtTheFieldsScale() {
    BigDecimal expected = new BigDecimal("12.50");
    assertThat(PRICE.codec().read(PRICE, Numeric.create(new BigDecimal("12.5")))).as("PostgreSQL").isEqualTo(expected);
    assertThat(PRICE.codec().read(PRICE, 12.5)).as("SQLite REAL").isEqualTo(expected);
    assertThat(PRICE.codec().read(PRICE, 12)).as("SQLite INTEGER").isEqualTo(new BigDecimal("12.00"));
    assertThat(PRICE.codec().read(PRICE, "12.5")).as("text").isEqualTo(expected);
    assertThat(PRICE.codec().read(PRICE, 12.505)).as("half up").isEqualTo(new BigDecimal("12.51"));
  }

  @Test
  void checksDigitsAsWrittenWithDrfMessages() {
    assertThatThrownBy(() -> PRICE.parse("12.505")).isInstanceOf(FieldError.class)
        .hasMessage("Ensure that there are no more than 2 decimal places.");
    assertThatThrownBy(() -> PRICE.parse("12345678901.99")).hasMessage("Ensure that there are no more than 12 digits in total.");
    assertThatThrownBy(() -> PRICE.parse("12345678901")).hasMessage("Ensure that there are no more than 10 digits before the decimal point.");
    assertThatThrownBy(() -> PRICE.parse("twelve")).hasMessage("A valid number is required.");
    assertThatThrownBy(() -> PRICE.parse(true)).hasMessage("A valid number is required.");
    assertThatThrownBy(() -> PRICE.parseFilter("twelve")).hasMessage("Enter a number.");
  }

  @Test
  void checksTheBoundAfterTheDigits() {
    assertThatThrownBy(() -> PRICE.parse("-0.01")).hasMessage("Ensure this value is greater than or equal to 0.");
    assertThatThrownBy(() -> Field.decimal("quantity", 12, 3).greaterThan(0).parse("0.000")).hasMessage("Ensure this value is greater than 0.");
  }

  @Test
  void schemaIsAStringWithTheDecimalsShape() {
    assertThat(PRICE.codec().schema(PRICE)).isEqualTo(new JsonObject().put("type", "string").put("format", "decimal")
        .put("description", "Decimal(12,2) as a string; numbers are accepted"));
  }
}
