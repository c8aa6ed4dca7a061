package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class BooleanCodecTest {
  private static final Field ACTIVE = Field.bool("active").defaultValue(true);

  @Test
  void parsesJsonBooleansNumbersAndWordsThatRenderFilterAndReadBack() throws FieldError {
    assertThat(ACTIVE.parse(true)).isEqualTo(true);
    assertThat(ACTIVE.parse(0)).isEqualTo(false);
    assertThat(ACTIVE.parse(" Yes ")).isEqualTo(true);
    assertThat(ACTIVE.parse("OFF")).isEqualTo(false);
    assertThat(ACTIVE.parse(ACTIVE.render(false))).isEqualTo(false);
    assertThat(ACTIVE.parseFilter("false")).isEqualTo(false);
    assertThat(ACTIVE.codec().read(ACTIVE, 1)).as("SQLite's 0/1").isEqualTo(true);
    assertThat(ACTIVE.codec().read(ACTIVE, 0)).isEqualTo(false);
    assertThat(ACTIVE.codec().read(ACTIVE, Boolean.TRUE)).as("PostgreSQL's boolean").isEqualTo(true);
  }

  @Test
  void rejectsOtherValuesWithDrfAndDjangoFilterMessages() {
    assertThatThrownBy(() -> ACTIVE.parse(2)).isInstanceOf(FieldError.class).hasMessage("Must be a valid boolean.");
    assertThatThrownBy(() -> ACTIVE.parse("maybe")).hasMessage("Must be a valid boolean.");
    assertThatThrownBy(() -> ACTIVE.parseFilter("maybe")).hasMessage("Select a valid choice. maybe is not one of the available choices.");
  }

  @Test
  void schemaIsBoolean() {
    assertThat(ACTIVE.codec().schema(ACTIVE)).isEqualTo(new JsonObject().put("type", "boolean"));
  }
}
