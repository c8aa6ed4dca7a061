package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.resource.model.ResourceHooks;
import dev.orderly.core.resource.openapi.OpenApiFragment;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The auth service's OpenAPI fragment: users and groups as their definitions say, links as lists of names. */
class AuthSchemaTest {
  private final JsonObject fragment = OpenApiFragment.of(AuthResources.all(new ResourceHooks() {}));

  @Test
  void usersAndGroupsHaveTheRoutesOfEveryResourceButNoTransitions() {
    JsonObject paths = fragment.getJsonObject("paths");
    assertThat(paths.fieldNames()).containsExactlyInAnyOrder("/api/users/", "/api/users/{id}/", "/api/users/{id}/history/",
        "/api/users/export/", "/api/users/import/", "/api/groups/", "/api/groups/{id}/", "/api/groups/{id}/history/",
        "/api/groups/export/", "/api/groups/import/");
    assertThat(paths.getJsonObject("/api/users/").getJsonObject("get").getString("operationId")).isEqualTo("users_list");
  }

  @Test
  void groupsAndPermissionsAreSetsOfNames() {
    JsonObject schemas = fragment.getJsonObject("schemas");
    for (String schema : new String[] {"User", "UserWrite"}) {
      for (String field : new String[] {"groups", "permissions"}) {
        JsonObject links = schemas.getJsonObject(schema).getJsonObject("properties").getJsonObject(field);
        assertThat(links.getString("type")).as(schema + "." + field).isEqualTo("array");
        assertThat(links.getJsonObject("items").getString("type")).isEqualTo("string");
        assertThat(links.getBoolean("uniqueItems")).isTrue();
      }
    }
    assertThat(schemas.getJsonObject("Group").getJsonObject("properties").getJsonObject("permissions").getString("description"))
        .contains("codename", "permissions");
  }

  @Test
  void thePasswordIsWrittenNeverRendered() {
    JsonObject schemas = fragment.getJsonObject("schemas");
    assertThat(schemas.getJsonObject("User").getJsonObject("properties").fieldNames()).doesNotContain("password");
    assertThat(schemas.getJsonObject("User").getJsonArray("required")).doesNotContain("password");
    assertThat(schemas.getJsonObject("UserWrite").getJsonObject("properties").getJsonObject("password").getBoolean("writeOnly")).isTrue();
    assertThat(schemas.getJsonObject("UserWrite").getJsonObject("properties").fieldNames()).doesNotContain("date_joined", "last_login");
  }
}
