package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class StringCodecTest {
  private static final Field NAME = Field.string("name").required().maxLength(3);

  @Test
  void parsesTrimmedTextThatRendersAndReadsBackUnchanged() throws FieldError {
    Object value = NAME.parse(" Ab ");
    assertThat(value).isEqualTo("Ab");
    assertThat(NAME.render(value)).isEqualTo("Ab");
    assertThat(NAME.parse(NAME.render(value))).isEqualTo(value);
    assertThat(NAME.codec().read(NAME, "Ab")).isEqualTo("Ab");
    assertThat(NAME.parseFilter(" Ab ")).as("a filter compares the text as sent").isEqualTo(" Ab ");
  }

  @Test
  void countsCodePointsAndNamesTheLimit() throws FieldError {
    assertThat(NAME.parse("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")).isEqualTo("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00");
    assertThatThrownBy(() -> NAME.parse("abcd")).isInstanceOf(FieldError.class)
        .hasMessage("Ensure this field has no more than 3 characters.");
  }

  @Test
  void blankIsAnErrorOnlyWhenRequiredOrNotBlank() throws FieldError {
    assertThat(Field.string("note").parse("  ")).isEqualTo("");
    assertThatThrownBy(() -> NAME.parse("  ")).hasMessage("This field may not be blank.");
    assertThatThrownBy(() -> Field.string("unit").notBlank().parse("")).hasMessage("This field may not be blank.");
  }

  @Test
  void acceptsNumbersAsTheirTextButNotBooleansOrObjects() throws FieldError {
    assertThat(NAME.parse(12)).isEqualTo("12");
    assertThatThrownBy(() -> NAME.parse(true)).hasMessage("Not a valid string.");
    assertThatThrownBy(() -> NAME.parse(new JsonArray())).hasMessage("Not a valid string.");
  }

  @Test
  void checksChoicesPatternAndFormatsWithDrfMessages() {
    assertThatThrownBy(() -> Field.string("unit").choices("pcs", "kg").parse("box")).hasMessage("\"box\" is not a valid choice.");
    assertThatThrownBy(() -> Field.string("code").pattern("[A-Z]+").parse("ab")).hasMessage("Enter a valid value.");
    assertThatThrownBy(() -> Field.string("email").format(Field.Format.EMAIL).parse("a@b")).hasMessage("Enter a valid email address.");
    assertThatThrownBy(() -> Field.string("country").format(Field.Format.COUNTRY).parse("de"))
        .hasMessage("\"de\" is not a valid ISO 3166-1 alpha-2 country code.");
    assertThatThrownBy(() -> Field.string("currency").format(Field.Format.CURRENCY).parse("eur"))
        .hasMessage("\"eur\" is not a valid ISO 4217 currency code.");
  }

  @Test
  void takesAWriteOnlyStringExactlyAsSent() throws FieldError {
    assertThat(Field.string("password").writeOnly().parse(" s3cret ")).isEqualTo(" s3cret ");
  }

  @Test
  void longTextCannotBeFiltered() throws FieldError {
    Field notes = Field.text("notes");
    assertThat(notes.parse(" n ")).isEqualTo("n");
    assertThatThrownBy(() -> notes.parseFilter("n")).hasMessage("This field cannot be filtered.");
  }

  @Test
  void schemaStatesLengthChoicesPatternAndFormat() {
    Field code = Field.string("code").maxLength(8).choices("A", "B").pattern("[AB]");
    assertThat(code.codec().schema(code)).isEqualTo(new JsonObject().put("type", "string").put("maxLength", 8)
        .put("enum", new JsonArray().add("A").add("B")).put("pattern", "^[AB]$"));
    Field email = Field.string("email").nullable().format(Field.Format.EMAIL);
    assertThat(email.codec().schema(email)).isEqualTo(new JsonObject()
        .put("type", new JsonArray().add("string").add("null")).put("format", "email"));
  }

  @Test
  void aWriteOnlyFieldSaysSo() {
    Field password = Field.string("password").writeOnly();
    assertThat(password.codec().schema(password)).isEqualTo(new JsonObject().put("type", "string").put("writeOnly", true));
  }
}
