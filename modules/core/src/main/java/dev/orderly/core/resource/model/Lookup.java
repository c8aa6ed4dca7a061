package dev.orderly.core.resource.model;

import java.util.Locale;
import java.util.Set;

/** django-filter lookups: {@code field__gt=value}; {@code field=value} is {@link #EXACT}. */
public enum Lookup {
  EXACT("="), GT(">"), GTE(">="), LT("<"), LTE("<="), IN("IN"), ICONTAINS("LIKE"), ISNULL("IS NULL");

  static final Set<Lookup> COMPARABLE = java.util.EnumSet.of(EXACT, GT, GTE, LT, LTE, IN, ISNULL);

  private final String operator;

  Lookup(String operator) {
    this.operator = operator;
  }

  public String operator() {
    return operator;
  }

  public String suffix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The lookup for a parameter suffix, or null when there is none. */
  public static Lookup fromSuffix(String suffix) {
    for (Lookup l : values()) if (l.suffix().equals(suffix)) return l;
    return null;
  }
}
