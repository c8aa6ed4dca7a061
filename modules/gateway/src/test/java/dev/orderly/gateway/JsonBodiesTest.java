package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orderly.core.bus.ServiceError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

  @Test
  void anObjectIsReturned() {
    assertThat(JsonBodies.object(Buffer.buffer(" {\"name\": \"Acme\"} "))).isEqualTo(new JsonObject().put("name", "Acme"));
  }

  @Test
  void otherJsonValuesAreNamedAsDrfNamesThem() {
    assertThat(nonFieldError("[1, 2]")).isEqualTo("Invalid data. Expected a dictionary, but got list.");
    assertThat(nonFieldError("\"text\"")).isEqualTo("Invalid data. Expected a dictionary, but got str.");
    assertThat(nonFieldError("12")).isEqualTo("Invalid data. Expected a dictionary, but got int.");
    assertThat(nonFieldError("123456789012345678901234")).isEqualTo("Invalid data. Expected a dictionary, but got int.");
    assertThat(nonFieldError("1.5")).isEqualTo("Invalid data. Expected a dictionary, but got float.");
    assertThat(nonFieldError("true")).isEqualTo("Invalid data. Expected a dictionary, but got bool.");
    assertThat(nonFieldError("null")).isEqualTo("No data provided");
  }

  @Test
  void parseErrorsGiveAShortReasonWithoutParserInternals() {
    for (String bad : new String[] {"{", "{\"a\":1,}", "{a:1}", "{\"a\":NaN}", "[1,2", "{\"a\":1} x", "1 2", "  ", "\"\\q\"",
        "{\"a\": 1 /* c */}", "// c\n{}", "{'a': 1}", "{\"a\": \"\u0001\"}", "\uFEFF{}"}) {
      ServiceError error = catchThrowableOfType(ServiceError.class, () -> JsonBodies.object(Buffer.buffer(bad)));
      assertThat(error.status()).as(bad).isEqualTo(400);
      assertThat(error.body().getString("code")).isEqualTo("parse_error");
      String detail = error.body().getString("detail");
      assertThat(detail).as(bad).startsWith("JSON parse error - ").doesNotContain("Source", "`", "Feature", "jackson", "Exception", "\n")
          .hasSizeLessThan(250);
    }
    String detail = catchThrowableOfType(ServiceError.class, () -> JsonBodies.object(Buffer.buffer("{a:1}"))).body().getString("detail");
    assertThat(detail).isEqualTo("JSON parse error - Unexpected character ('a' (code 97)): was expecting double-quote to start field name at line 1 column 2");
  }

  @Test
  void aBodyThatIsNotUtf8IsAParseError() {
    byte[][] bodies = {{(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'}, {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0}, {0, 0, 0, '{', 0, 0, 0, '}'},
        {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}, {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
        {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}};
    for (byte[] body : bodies) {
      ServiceError error = catchThrowableOfType(ServiceError.class, () -> JsonBodies.object(Buffer.buffer(body)));
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.body().getString("code")).isEqualTo("parse_error");
    }
    assertThat(JsonBodies.object(Buffer.buffer("{\"a\": \"d\u00e9j\u00e0 \ud83d\ude00\"}"))).as("real UTF-8 is text")
        .isEqualTo(new JsonObject().put("a", "d\u00e9j\u00e0 \ud83d\ude00"));
  }

  @Test
  void jsonMediaTypeAllowsParametersAndAnyCase() {
    assertThat(JsonBodies.isJson("application/json")).isTrue();
    assertThat(JsonBodies.isJson("Application/JSON; charset=utf-8")).isTrue();
    assertThat(JsonBodies.isJson("text/plain")).isFalse();
    assertThat(JsonBodies.isJson("application/jsonx")).isFalse();
    assertThat(JsonBodies.isJson(null)).isFalse();
  }

  private static String nonFieldError(String json) {
    ServiceError error = catchThrowableOfType(ServiceError.class, () -> JsonBodies.object(Buffer.buffer(json)));
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.body().fieldNames()).containsExactly("non_field_errors");
    return error.body().getJsonArray("non_field_errors").getString(0);
  }
}
