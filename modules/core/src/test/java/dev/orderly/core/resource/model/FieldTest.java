package dev.orderly.core.resource.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.sqlclient.Row;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FieldTest {
  @Test
  void aRuleReturnsANewFieldAndLeavesTheOriginalAsItWas() {
    Field name = Field.string("name");
    Field required = name.required();
    assertThat(required).isNotSameAs(name);
    assertThat(required.isRequired()).isTrue();
    assertThat(required.hasDefault()).isFalse();
    assertThat(name.isRequired()).isFalse();
    assertThat(name.hasDefault()).isTrue();
    assertThat(name.defaultValue()).isEqualTo("");
  }

  @Test
  void noRuleChangesTheFieldItIsCalledOn() {
    List<UnaryOperator<Field>> rules = List.of(Field::required, Field::readOnly, Field::writeOnly, Field::unique,
        Field::nullable, Field::notBlank, f -> f.maxLength(3), f -> f.min(1), f -> f.greaterThan(1), f -> f.choices("a"),
        f -> f.pattern("a+"), f -> f.format(Field.Format.EMAIL), f -> f.defaultValue("x"), f -> f.defaultValue(() -> "y"));
    Field base = Field.string("code");
    String before = describe(base);
    for (UnaryOperator<Field> rule : rules) {
      Field changed = rule.apply(base);
      assertThat(changed).isNotSameAs(base);
      assertThat(describe(changed)).isNotEqualTo(before);
      assertThat(describe(base)).isEqualTo(before);
    }
  }

  @Test
  void everyInstanceFieldIsFinal() {
    assertThat(Arrays.stream(Field.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())))
        .isNotEmpty().allMatch(f -> Modifier.isFinal(f.getModifiers()));
  }

  @Test
  void rulesKeepTheirOrderDependentDefaults() {
    assertThat(Field.string("s").nullable().hasDefault()).isTrue();
    assertThat(Field.string("s").nullable().defaultValue()).isNull();
    assertThat(Field.string("s").nullable().defaultValue("x").defaultValue()).isEqualTo("x");
    assertThat(Field.string("s").defaultValue("x").required().hasDefault()).isFalse();
    assertThat(Field.string("s").writeOnly().hasDefault()).isFalse();
    assertThat(Field.decimal("d", 12, 2).min(0).readOnly()).satisfies(f -> {
      assertThat(f.precision()).isEqualTo(12);
      assertThat(f.scale()).isEqualTo(2);
    });
  }

  @Test
  void nullIsAnsweredBeforeTheCodec() throws FieldError {
    assertThat(Field.integer("n").nullable().parse(null)).isNull();
    assertThatThrownBy(() -> Field.integer("n").parse(null)).isInstanceOf(FieldError.class).hasMessage("This field may not be null.");
    assertThat(Field.integer("n").render(null)).isNull();
  }

  @Test
  void readsItsOwnColumnOfARow() {
    Row row = row(Map.of("created_at", "2026-01-02T03:04:05Z"));
    assertThat(Field.timestamp("created_at").read(row)).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(Field.timestamp("used_at").nullable().read(row)).isNull();
  }

  /** Every query of a field, to see whether a rule changed any. */
  private static String describe(Field f) {
    return List.of(f.name(), f.type(), f.isRequired(), f.isReadOnly(), f.isWriteOnly(), f.isUnique(), f.isNullable(),
        f.isNotBlank(), String.valueOf(f.maxLength()), String.valueOf(f.min()), f.minExclusive(), String.valueOf(f.choices()),
        String.valueOf(f.pattern()), f.format(), f.hasDefault(), String.valueOf(f.defaultValue())).toString();
  }

  /** A row that answers {@code getValue(name)} from {@code columns}, null for any other name. */
  private static Row row(Map<String, Object> columns) {
    return (Row) Proxy.newProxyInstance(Row.class.getClassLoader(), new Class<?>[] {Row.class}, (proxy, method, args) -> {
      if (method.getName().equals("getValue") && args[0] instanceof String name) return columns.get(name);
      throw new UnsupportedOperationException(method.getName());
    });
  }
}
