package dev.orderly.core.resource.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.db.Dialect;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Any canonical value renders to JSON that parses back to it, and comes back unchanged from the value
 * either dialect binds for it, as a database would return it.
 */
class CodecPropertiesTest {
  private static final Field PRICE = Field.decimal("unit_price", 12, 2);
  private static final Field STOCK = Field.integer("stock");
  private static final Field DAY = Field.date("order_date");
  private static final Field AT = Field.timestamp("submitted_at");
  private static final Field NAME = Field.string("name").maxLength(200);

  @Property
  void decimals(@ForAll("prices") BigDecimal value) throws FieldError {
    roundTrips(PRICE, value);
    assertThat(PRICE.codec().read(PRICE, Numeric.create(value))).isEqualTo(value);
  }

  @Property
  void integers(@ForAll @LongRange(min = Integer.MIN_VALUE, max = Integer.MAX_VALUE) long value) throws FieldError {
    roundTrips(STOCK, value);
    assertThat(STOCK.parse(Long.toString(value))).isEqualTo(value);
    assertThat(STOCK.parseFilter(Long.toString(value))).isEqualTo(value);
  }

  /** Django's integer fields are 32-bit: anything past them is refused, as a body value and as a filter. */
  @Property
  void integersPastDjangosRangeAreRefused(@ForAll @LongRange(min = Integer.MAX_VALUE + 1L, max = 999_999_999_999_999_999L) long value,
                                          @ForAll boolean negative) {
    long n = negative ? -value - 1 : value;
    assertThatThrownBy(() -> STOCK.parse(n)).isInstanceOf(FieldError.class);
    assertThatThrownBy(() -> STOCK.parseFilter(Long.toString(n))).isInstanceOf(FieldError.class);
  }

  /** A NUL anywhere, or half a surrogate pair, is refused in a body and in a filter. */
  @Property
  void textNoDatabaseStoresIsRefused(@ForAll("names") String value, @ForAll("unstorable") char bad) {
    String text = value.substring(0, value.length() / 2) + bad + value.substring(value.length() / 2);
    assertThatThrownBy(() -> NAME.parse(text)).isInstanceOf(FieldError.class);
    assertThatThrownBy(() -> NAME.parseFilter(text)).isInstanceOf(FieldError.class);
  }

  @Provide
  Arbitrary<Character> unstorable() {
    return Arbitraries.of('\u0000', '\ud800', '\udbff', '\udc00', '\udfff');
  }

  @Property
  void dates(@ForAll("days") LocalDate value) throws FieldError {
    roundTrips(DAY, value);
    assertThat(DAY.parseFilter(value.toString())).isEqualTo(value);
  }

  @Property
  void timestamps(@ForAll("instants") Instant value) throws FieldError {
    roundTrips(AT, value);
    assertThat(AT.parseFilter(value.toString())).isEqualTo(value);
  }

  @Property
  void strings(@ForAll("names") String value) throws FieldError {
    roundTrips(NAME, value);
    assertThat(NAME.parseFilter(value)).isEqualTo(value);
  }

  @Property
  void booleans(@ForAll boolean value) throws FieldError {
    Field active = Field.bool("active");
    roundTrips(active, value);
    assertThat(active.parseFilter(Boolean.toString(value))).isEqualTo(value);
  }

  private static void roundTrips(Field field, Object value) throws FieldError {
    assertThat(field.parse(field.render(value))).isEqualTo(value);
    for (Dialect dialect : Dialect.values()) {
      assertThat(field.codec().read(field, dialect.bind(value))).as(dialect.name()).isEqualTo(value);
    }
  }

  @Provide
  Arbitrary<BigDecimal> prices() {
    return Arbitraries.bigDecimals().between(new BigDecimal("-9999999999.99"), new BigDecimal("9999999999.99")).ofScale(2);
  }

  @Provide
  Arbitrary<LocalDate> days() {
    return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
        .map(LocalDate::ofEpochDay);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(), Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
        .map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(200).filter(s -> s.equals(s.trim()) && Text.problem(s) == null);
  }
}
