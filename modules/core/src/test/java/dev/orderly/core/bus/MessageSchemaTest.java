package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageSchemaTest {
  record Inner(String jti, Long exp) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("jti", jti).put("exp", exp);
    }
  }

  record Outer(String userName, long expiresIn, int count, boolean isStaff, List<String> groups, Set<String> codenames, Inner access)
      implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject();
    }
  }

  record Unsupported(Map<String, String> anything) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject();
    }
  }

  @Test
  void eachComponentIsARequiredPropertyNamedInSnakeCaseAndTypedByItsJavaType() {
    JsonObject schema = MessageSchema.of(Outer.class);
    assertThat(schema.getString("type")).isEqualTo("object");
    assertThat(schema.getJsonArray("required")).containsExactly("user_name", "expires_in", "count", "is_staff", "groups", "codenames", "access");
    JsonObject properties = schema.getJsonObject("properties");
    assertThat(properties.getJsonObject("user_name")).isEqualTo(new JsonObject().put("type", "string"));
    assertThat(properties.getJsonObject("expires_in")).isEqualTo(new JsonObject().put("type", "integer"));
    assertThat(properties.getJsonObject("count")).isEqualTo(new JsonObject().put("type", "integer"));
    assertThat(properties.getJsonObject("is_staff")).isEqualTo(new JsonObject().put("type", "boolean"));
    assertThat(properties.getJsonObject("groups")).isEqualTo(new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string")));
    assertThat(properties.getJsonObject("codenames").getBoolean("uniqueItems")).isTrue();
    assertThat(properties.getJsonObject("access")).isEqualTo(new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("jti", new JsonObject().put("type", "string")).put("exp", new JsonObject().put("type", "integer")))
        .put("required", new JsonArray().add("jti").add("exp")));
  }

  @Test
  void aComponentWithNoJsonTypeIsRefusedNamingIt() {
    assertThatThrownBy(() -> MessageSchema.of(Unsupported.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unsupported.anything");
  }

  @Test
  void theAuthRoutesRecordsFollowTheConvention() {
    assertThat(MessageSchema.of(AuthMessages.TokenPair.class).getJsonObject("properties").fieldNames())
        .containsExactlyElementsOf(new AuthMessages.TokenPair("a", "r", "Bearer", 900).toJson().fieldNames());
    AuthMessages.Me me = new AuthMessages.Me(1, "ann", "ann@example.com", "Ann", "Lee", true, false, List.of("buyers"), List.of("suppliers.view"));
    assertThat(MessageSchema.of(AuthMessages.Me.class).getJsonObject("properties").fieldNames()).containsExactlyElementsOf(me.toJson().fieldNames());
    assertThat(AuthMessages.Me.fromJson(me.toJson())).isEqualTo(me);
  }
}
