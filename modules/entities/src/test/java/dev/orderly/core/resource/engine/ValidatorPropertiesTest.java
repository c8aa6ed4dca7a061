package dev.orderly.core.resource.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random bodies: validation gives values or a 400 naming only real fields, never an exception; and
 * whatever a field accepts, it renders to a value it accepts again unchanged.
 */
class ValidatorPropertiesTest {
  @Property(tries = 3000)
  void bodiesValidateOrFailWithFieldErrors(@ForAll("resources") ResourceDef def, @ForAll("bodies") JsonObject body,
                                           @ForAll boolean create, @ForAll boolean partial) {
    try {
      Validator.Input input = Validator.validate(def, body, create, partial);
      for (String name : input.values().keySet()) assertThat(def.field(name).isReadOnly()).isFalse();
    } catch (ServiceError e) {
      assertThat(e.status()).isEqualTo(400);
      for (String key : e.body().fieldNames()) assertThat(def.fields()).containsKey(key);
    }
  }

  @Property(tries = 3000)
  void acceptedValuesRoundTrip(@ForAll("fields") Field field, @ForAll("values") Object raw) throws FieldError {
    Object value;
    try {
      value = field.parse(raw);
    } catch (FieldError e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(field.parse(field.render(value))).isEqualTo(value);
  }

  @Provide
  Arbitrary<ResourceDef> resources() {
    return Arbitraries.of(Resources.ALL);
  }

  @Provide
  Arbitrary<Field> fields() {
    List<Field> all = new ArrayList<>();
    for (ResourceDef def : Resources.ALL) {
      for (Field f : def.fields().values()) if (f.type() != FieldType.CHILDREN && f.type() != FieldType.TIMESTAMP) all.add(f);
    }
    return Arbitraries.of(all);
  }

  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300).map(s -> (Object) s),
        Arbitraries.of("A-1", "ACME", "DE", "EUR", "eur", "pcs", "box", "a@b.example", "12.50", "0.001", "-1", "1e3",
            "2026-02-29", "2028-02-29", "12345678901.99", "9999999999.99", " 7 ", "true", "no", "", "   "),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(true, false),
        Arbitraries.just(new JsonArray().add(1)),
        Arbitraries.just(new JsonObject().put("a", 1)));
  }

  @Provide
  Arbitrary<JsonObject> bodies() {
    List<String> names = new ArrayList<>(List.of("zzz", "lines"));
    for (ResourceDef def : Resources.ALL) names.addAll(def.fields().keySet());
    Arbitrary<Object> lineItem = values().list().ofMaxSize(4).map(vs -> {
      JsonObject line = new JsonObject();
      String[] keys = {"id", "product_id", "quantity", "unit_price"};
      for (int i = 0; i < vs.size(); i++) line.put(keys[i], vs.get(i));
      return (Object) line;
    });
    Arbitrary<Object> value = Arbitraries.oneOf(values(), Arbitraries.just(null),
        Arbitraries.oneOf(lineItem, values()).list().ofMaxSize(3).map(l -> (Object) new JsonArray(new ArrayList<>(l))));
    return Arbitraries.of(names).list().ofMaxSize(8).flatMap(keys -> value.list().ofSize(keys.size()).map(vs -> {
      JsonObject body = new JsonObject();
      for (int i = 0; i < keys.size(); i++) body.put(keys.get(i), vs.get(i));
      return body;
    }));
  }
}
