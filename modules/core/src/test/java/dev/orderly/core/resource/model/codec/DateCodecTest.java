package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DateCodecTest {
  private static final Field EXPECTED = Field.date("expected_date").nullable();
  private static final LocalDate LEAP_DAY = LocalDate.of(2028, 2, 29);

  @Test
  void parsesIsoDatesThatRenderFilterAndReadBack() throws FieldError {
    assertThat(EXPECTED.parse(" 2028-02-29 ")).isEqualTo(LEAP_DAY);
    assertThat(EXPECTED.render(LEAP_DAY)).isEqualTo("2028-02-29");
    assertThat(EXPECTED.parse(EXPECTED.render(LEAP_DAY))).isEqualTo(LEAP_DAY);
    assertThat(EXPECTED.parseFilter("2028-02-29")).isEqualTo(LEAP_DAY);
    assertThat(EXPECTED.codec().read(EXPECTED, LEAP_DAY)).as("PostgreSQL").isEqualTo(LEAP_DAY);
    assertThat(EXPECTED.codec().read(EXPECTED, "2028-02-29")).as("SQLite's text").isEqualTo(LEAP_DAY);
  }

  @Test
  void rejectsOtherShapesAndImpossibleDays() {
    assertThatThrownBy(() -> EXPECTED.parse("2026-02-29")).isInstanceOf(FieldError.class)
        .hasMessage("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    assertThatThrownBy(() -> EXPECTED.parse("2028-2-29")).hasMessage("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    assertThatThrownBy(() -> EXPECTED.parseFilter("2026-13-01")).hasMessage("Enter a valid date.");
  }

  @Test
  void schemaIsADateString() {
    assertThat(EXPECTED.codec().schema(EXPECTED))
        .isEqualTo(new JsonObject().put("type", new JsonArray().add("string").add("null")).put("format", "date"));
  }
}
