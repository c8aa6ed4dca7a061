package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Decimals of the field's precision and scale as {@code BigDecimal} at that scale, rendered as a
 * string (DRF's COERCE_DECIMAL_TO_STRING); JSON numbers and numeric strings are accepted.
 */
public final class DecimalCodec implements FieldCodec {
  public static final DecimalCodec INSTANCE = new DecimalCodec();

  private DecimalCodec() {}

  @Override
  public Object parse(Field field, Object raw) throws FieldError {
    if (raw instanceof Boolean || !(raw instanceof Number || raw instanceof String)) throw new FieldError("A valid number is required.");
    BigDecimal d;
    try {
      d = new BigDecimal(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new FieldError("A valid number is required.");
    }
    checkDigits(field.precision(), field.scale(), d);
    return Numbers.checkMin(field, d.setScale(field.scale(), RoundingMode.UNNECESSARY));
  }

  /** DRF's validate_precision, on the digits as written. */
  private static void checkDigits(int precision, int scale, BigDecimal d) throws FieldError {
    int total;
    int whole;
    int places;
    if (d.scale() <= 0) {
      total = d.precision() - d.scale();
      whole = total;
      places = 0;
    } else if (d.precision() > d.scale()) {
      total = d.precision();
      whole = d.precision() - d.scale();
      places = d.scale();
    } else {
      total = d.scale();
      whole = 0;
      places = d.scale();
    }
    if (total > precision) throw new FieldError("Ensure that there are no more than " + precision + " digits in total.");
    if (places > scale) throw new FieldError("Ensure that there are no more than " + scale + " decimal places.");
    if (whole > precision - scale) {
      throw new FieldError("Ensure that there are no more than " + (precision - scale) + " digits before the decimal point.");
    }
  }

  /** A filter value the column can compare with: no more digits than it holds, so {@code 1e999999} is a 400. */
  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    BigDecimal d;
    try {
      d = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new FieldError("Enter a number.");
    }
    checkDigits(field.precision(), field.scale(), d);
    return d;
  }

  /** PostgreSQL's driver answers {@link Numeric}; SQLite through JDBC a number or text. */
  @Override
  public Object read(Field field, Object column) {
    BigDecimal d = column instanceof Numeric n ? n.bigDecimalValue()
        : column instanceof BigDecimal b ? b : new BigDecimal(column.toString());
    return d.setScale(field.scale(), RoundingMode.HALF_UP);
  }

  @Override
  public Object render(Object value) {
    return ((BigDecimal) value).toPlainString();
  }

  @Override
  public String schemaType() {
    return "string";
  }

  @Override
  public void describe(Field field, JsonObject schema) {
    schema.put("format", "decimal")
        .put("description", "Decimal(" + field.precision() + "," + field.scale() + ") as a string; numbers are accepted");
  }
}
