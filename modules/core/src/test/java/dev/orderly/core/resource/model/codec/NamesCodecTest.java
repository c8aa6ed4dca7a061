package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import dev.orderly.core.resource.model.LinkDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamesCodecTest {
  private static final Field GROUPS = Field.names("groups", new LinkDef("user_groups", "user_id", "group_id", "groups", "name"));

  @Test
  void parsesASortedSetThatRendersAsAListAndParsesBack() throws FieldError {
    Object value = GROUPS.parse(new JsonArray().add("staff").add(" buyers ").add("staff"));
    assertThat(value).isEqualTo(List.of("buyers", "staff"));
    assertThat(GROUPS.render(value)).isEqualTo(new JsonArray().add("buyers").add("staff"));
    assertThat(GROUPS.parse(GROUPS.render(value))).isEqualTo(value);
    assertThat(GROUPS.defaultValue()).isEqualTo(List.of());
  }

  @Test
  void rejectsAnythingButAListOfNames() {
    assertThatThrownBy(() -> GROUPS.parse("staff")).isInstanceOf(FieldError.class)
        .hasMessage("Expected a list of items but got type \"str\".");
    assertThatThrownBy(() -> GROUPS.parse(new JsonArray().add(" "))).hasMessage("Invalid value.");
    assertThatThrownBy(() -> GROUPS.parse(new JsonArray().add(1))).hasMessage("Invalid value.");
    assertThatThrownBy(() -> GROUPS.parse(new JsonArray().add("staff").add("st\u0000aff"))).hasMessage(Text.NULL_CHARACTERS);
    assertThatThrownBy(() -> GROUPS.parse(new JsonArray().add("half \ud800"))).hasMessage(Text.UNPAIRED_SURROGATES);
  }

  @Test
  void isNeitherAColumnNorAFilter() {
    assertThat(GROUPS.isColumn()).isFalse();
    assertThatThrownBy(() -> GROUPS.codec().read(GROUPS, "staff")).isInstanceOf(IllegalStateException.class)
        .hasMessage("NAMES is not a column");
    assertThatThrownBy(() -> GROUPS.parseFilter("staff")).hasMessage("This field cannot be filtered.");
  }

  @Test
  void schemaIsASetOfStringsNotAString() {
    JsonObject schema = GROUPS.codec().schema(GROUPS);
    assertThat(schema.getString("type")).isEqualTo("array");
    assertThat(schema.getJsonObject("items")).isEqualTo(new JsonObject().put("type", "string"));
    assertThat(schema.getBoolean("uniqueItems")).isTrue();
    assertThat(schema.getString("description")).contains("name", "groups");
  }
}
