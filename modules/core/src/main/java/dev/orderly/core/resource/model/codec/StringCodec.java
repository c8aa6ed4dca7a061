package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Strings and long text: trimmed (a write-only string, a password, is taken exactly as sent), then
 * checked against the field's length in code points, choices, pattern and {@link Field.Format}.
 * Numbers are accepted as their text, as DRF's CharField does. Long text cannot be filtered.
 */
public final class StringCodec implements FieldCodec {
  /** {@link dev.orderly.core.resource.model.FieldType#STRING}: an exact filter compares the text as sent. */
  public static final StringCodec STRING = new StringCodec(true);
  /** {@link dev.orderly.core.resource.model.FieldType#TEXT}: searched, never filtered. */
  public static final StringCodec TEXT = new StringCodec(false);

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Set<String> CURRENCIES =
      Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
  // the shape Django's EmailValidator accepts, without its IDN and literal-IP corners
  private static final Pattern EMAIL = Pattern.compile(
      "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

  private final boolean filterable;

  private StringCodec(boolean filterable) {
    this.filterable = filterable;
  }

  @Override
  public Object parse(Field field, Object raw) throws FieldError {
    if (!(raw instanceof String || raw instanceof Number) || raw instanceof Boolean) throw new FieldError("Not a valid string.");
    String s = field.isWriteOnly() ? raw.toString() : raw.toString().trim();
    if (s.isEmpty()) {
      if (field.isRequired() || field.isNotBlank()) throw new FieldError("This field may not be blank.");
      return s;
    }
    Integer maxLength = field.maxLength();
    if (maxLength != null && s.codePointCount(0, s.length()) > maxLength) {
      throw new FieldError("Ensure this field has no more than " + maxLength + " characters.");
    }
    List<String> choices = field.choices();
    if (choices != null && !choices.contains(s)) throw new FieldError("\"" + s + "\" is not a valid choice.");
    if (field.pattern() != null && !field.pattern().matcher(s).matches()) throw new FieldError("Enter a valid value.");
    checkFormat(field.format(), s);
    return s;
  }

  private static void checkFormat(Field.Format format, String s) throws FieldError {
    switch (format) {
      case EMAIL -> {
        if (!EMAIL.matcher(s).matches()) throw new FieldError("Enter a valid email address.");
      }
      case COUNTRY -> {
        if (!COUNTRIES.contains(s)) throw new FieldError("\"" + s + "\" is not a valid ISO 3166-1 alpha-2 country code.");
      }
      case CURRENCY -> {
        if (!CURRENCIES.contains(s)) throw new FieldError("\"" + s + "\" is not a valid ISO 4217 currency code.");
      }
      case NONE -> { }
    }
  }

  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    if (!filterable) return FieldCodec.super.parseFilter(field, text);
    return text;
  }

  @Override
  public Object read(Field field, Object column) {
    return column.toString();
  }

  @Override
  public String schemaType() {
    return "string";
  }

  @Override
  public void describe(Field field, JsonObject schema) {
    if (field.maxLength() != null) schema.put("maxLength", field.maxLength());
    if (field.choices() != null) schema.put("enum", new JsonArray(List.copyOf(field.choices())));
    if (field.pattern() != null) schema.put("pattern", "^" + field.pattern().pattern() + "$");
    switch (field.format()) {
      case EMAIL -> schema.put("format", "email");
      case COUNTRY -> schema.put("description", "ISO 3166-1 alpha-2, upper case");
      case CURRENCY -> schema.put("description", "ISO 4217, upper case");
      case NONE -> { }
    }
  }
}
