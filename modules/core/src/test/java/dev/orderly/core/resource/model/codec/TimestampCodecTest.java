package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampCodecTest {
  private static final Field SUBMITTED = Field.timestamp("submitted_at").readOnly();
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void parsesIsoTextInUtcThatRendersFiltersAndReadsBack() throws FieldError {
    assertThat(SUBMITTED.parse("2026-01-02T03:04:05Z")).isEqualTo(AT);
    assertThat(SUBMITTED.parse("2026-01-02T05:04:05+02:00")).isEqualTo(AT);
    assertThat(SUBMITTED.parse("2026-01-02T03:04:05")).as("no offset is UTC").isEqualTo(AT);
    assertThat(SUBMITTED.parse("2026-01-02")).as("a date is its midnight").isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(SUBMITTED.render(AT)).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(SUBMITTED.parse(SUBMITTED.render(AT))).isEqualTo(AT);
    assertThat(SUBMITTED.parseFilter("2026-01-02T03:04:05Z")).isEqualTo(AT);
  }

  @Test
  void readsEitherDriversColumn() {
    assertThat(SUBMITTED.codec().read(SUBMITTED, OffsetDateTime.of(2026, 1, 2, 5, 4, 5, 0, ZoneOffset.ofHours(2))))
        .as("PostgreSQL timestamptz").isEqualTo(AT);
    assertThat(SUBMITTED.codec().read(SUBMITTED, LocalDateTime.of(2026, 1, 2, 3, 4, 5))).as("PostgreSQL timestamp").isEqualTo(AT);
    assertThat(SUBMITTED.codec().read(SUBMITTED, "2026-01-02T03:04:05Z")).as("SQLite's text").isEqualTo(AT);
  }

  @Test
  void rejectsOtherTextWithDrfAndDjangoFilterMessages() {
    assertThatThrownBy(() -> SUBMITTED.parse("yesterday")).isInstanceOf(FieldError.class)
        .hasMessage("Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm:ssZ.");
    assertThatThrownBy(() -> SUBMITTED.parseFilter("yesterday")).hasMessage("Enter a valid date/time.");
  }

  @Test
  void schemaIsADateTimeString() {
    assertThat(SUBMITTED.codec().schema(SUBMITTED))
        .isEqualTo(new JsonObject().put("type", "string").put("readOnly", true).put("format", "date-time"));
  }
}
