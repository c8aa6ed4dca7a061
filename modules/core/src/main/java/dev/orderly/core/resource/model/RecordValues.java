package dev.orderly.core.resource.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A record's (or child row's) canonical values by field name, as the engine reads, validates and writes
 * them, with typed getters so rules never cast. It is a view: a hook's {@link #put} is what gets written.
 * Types: strings {@code String}, integers and ids {@code Long}, decimals {@code BigDecimal}, dates
 * {@code LocalDate}, timestamps {@code Instant}, booleans {@code Boolean}, linked names {@code List<String>}.
 */
public final class RecordValues {
  private final Map<String, Object> values;

  private RecordValues(Map<String, Object> values) {
    this.values = values;
  }

  /** A view of {@code values}; writes go through to it. */
  public static RecordValues of(Map<String, Object> values) {
    return new RecordValues(values);
  }

  /** Views of each row of {@code rows}. */
  public static List<RecordValues> ofAll(List<Map<String, Object>> rows) {
    List<RecordValues> out = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) out.add(of(row));
    return out;
  }

  public Object get(String name) {
    return values.get(name);
  }

  public Long getLong(String name) {
    return (Long) values.get(name);
  }

  public String getString(String name) {
    Object v = values.get(name);
    return v == null ? null : v.toString();
  }

  public BigDecimal getDecimal(String name) {
    return (BigDecimal) values.get(name);
  }

  public LocalDate getDate(String name) {
    return (LocalDate) values.get(name);
  }

  public Instant getInstant(String name) {
    return (Instant) values.get(name);
  }

  public Boolean getBoolean(String name) {
    return (Boolean) values.get(name);
  }

  /** The record's id, or null before it is inserted. */
  public Long id() {
    return getLong("id");
  }

  public RecordValues put(String name, Object value) {
    values.put(name, value);
    return this;
  }

  /** The underlying map (the engine's own representation). */
  public Map<String, Object> asMap() {
    return values;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
