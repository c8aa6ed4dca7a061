package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

  @Test
  void keepsEveryValueInOrderAndNamesCaseSensitive() {
    JsonObject params = QueryParams.parse("status=draft&page=2&status=submitted&Status=x");
    assertThat(params.fieldNames()).containsExactly("status", "page", "Status");
    assertThat(params.getJsonArray("status")).isEqualTo(new JsonArray().add("draft").add("submitted"));
    assertThat(params.getJsonArray("Status")).isEqualTo(new JsonArray().add("x"));
  }

  @Test
  void decodesLikeDjango() {
    JsonObject params = QueryParams.parse("search=red+chair&name__icontains=caf%C3%A9&flag&empty=&a=b=c&&bad=%zz%4");
    assertThat(params.getJsonArray("search").getString(0)).isEqualTo("red chair");
    assertThat(params.getJsonArray("name__icontains").getString(0)).isEqualTo("café");
    assertThat(params.getJsonArray("flag").getString(0)).isEmpty();
    assertThat(params.getJsonArray("empty").getString(0)).isEmpty();
    assertThat(params.getJsonArray("a").getString(0)).isEqualTo("b=c");
    assertThat(params.getJsonArray("bad").getString(0)).isEqualTo("%zz%4");
    assertThat(params.size()).isEqualTo(6);
  }

  @Test
  void noQueryIsAnEmptyObject() {
    assertThat(QueryParams.parse(null)).isEqualTo(new JsonObject());
    assertThat(QueryParams.parse("")).isEqualTo(new JsonObject());
  }
}
