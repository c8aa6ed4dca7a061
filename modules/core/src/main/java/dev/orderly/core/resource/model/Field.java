package dev.orderly.core.resource.model;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One field of a resource: its type and every rule about it. The same object parses request bodies
 * and filter values, reads database rows and renders JSON, so a rule is written once.
 * Messages are DRF's, so clients that show them keep working.
 */
public final class Field {
  /** Special string formats. */
  public enum Format { NONE, EMAIL, COUNTRY, CURRENCY }

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Set<String> CURRENCIES =
      Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
  // the shape Django's EmailValidator accepts, without its IDN and literal-IP corners
  private static final Pattern EMAIL = Pattern.compile(
      "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");
  private static final Set<String> TRUE_WORDS = Set.of("true", "t", "yes", "y", "on", "1");
  private static final Set<String> FALSE_WORDS = Set.of("false", "f", "no", "n", "off", "0");

  private final String name;
  private final FieldType type;
  private boolean required;
  private boolean readOnly;
  private boolean unique;
  private boolean nullable;
  private boolean notBlank;
  private Integer maxLength;
  private int precision;
  private int scale;
  private BigDecimal min;
  private boolean minExclusive;
  private List<String> choices;
  private Pattern pattern;
  private Format format = Format.NONE;
  private Supplier<Object> defaultValue;
  private String references;
  private ChildDef children;
  private LinkDef link;
  private boolean writeOnly;

  private Field(String name, FieldType type) {
    this.name = name;
    this.type = type;
  }

  // ---- declaration -------------------------------------------------------------------------

  public static Field string(String name) {
    return new Field(name, FieldType.STRING).defaultValue("");
  }

  public static Field text(String name) {
    return new Field(name, FieldType.TEXT).defaultValue("");
  }

  public static Field integer(String name) {
    return new Field(name, FieldType.INTEGER);
  }

  public static Field decimal(String name, int precision, int scale) {
    Field f = new Field(name, FieldType.DECIMAL);
    f.precision = precision;
    f.scale = scale;
    return f;
  }

  public static Field bool(String name) {
    return new Field(name, FieldType.BOOLEAN);
  }

  public static Field date(String name) {
    return new Field(name, FieldType.DATE);
  }

  public static Field timestamp(String name) {
    return new Field(name, FieldType.TIMESTAMP);
  }

  /** The id of a record in {@code table}. */
  public static Field reference(String name, String table) {
    Field f = new Field(name, FieldType.REFERENCE);
    f.references = table;
    return f;
  }

  public static Field children(String name, ChildDef children) {
    Field f = new Field(name, FieldType.CHILDREN);
    f.children = children;
    return f;
  }

  /** A list of names of rows of {@code link}'s target table, stored as rows of its link table. */
  public static Field names(String name, LinkDef link) {
    Field f = new Field(name, FieldType.NAMES);
    f.link = link;
    f.defaultValue = List::of;
    return f;
  }

  /**
   * Accepted in request bodies but never rendered, filtered, ordered, selected with {@code fields=},
   * kept in audit changes or published in events (a password hash).
   */
  public Field writeOnly() {
    this.writeOnly = true;
    this.defaultValue = null;
    return this;
  }

  public Field required() {
    this.required = true;
    this.defaultValue = null;
    return this;
  }

  /** An optional string that, when sent, may not be empty (it has a default instead). */
  public Field notBlank() {
    this.notBlank = true;
    return this;
  }

  public Field readOnly() {
    this.readOnly = true;
    return this;
  }

  public Field unique() {
    this.unique = true;
    return this;
  }

  /** Accepts and stores null (and has no other default). */
  public Field nullable() {
    this.nullable = true;
    this.defaultValue = () -> null;
    return this;
  }

  public Field maxLength(int maxLength) {
    this.maxLength = maxLength;
    return this;
  }

  public Field min(long min) {
    this.min = BigDecimal.valueOf(min);
    return this;
  }

  /** Strictly greater than {@code min}. */
  public Field greaterThan(long min) {
    this.min = BigDecimal.valueOf(min);
    this.minExclusive = true;
    return this;
  }

  public Field choices(String... choices) {
    this.choices = List.of(choices);
    return this;
  }

  public Field pattern(String regex) {
    this.pattern = Pattern.compile(regex);
    return this;
  }

  public Field format(Format format) {
    this.format = format;
    return this;
  }

  public Field defaultValue(Object value) {
    this.defaultValue = () -> value;
    return this;
  }

  public Field defaultValue(Supplier<Object> value) {
    this.defaultValue = value;
    return this;
  }

  // ---- queries -----------------------------------------------------------------------------

  public String name() {
    return name;
  }

  public FieldType type() {
    return type;
  }

  public boolean isRequired() {
    return required;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  public boolean isUnique() {
    return unique;
  }

  public boolean isNullable() {
    return nullable;
  }

  /** A column of the resource's own table (children and linked names live in theirs). */
  public boolean isColumn() {
    return type != FieldType.CHILDREN && type != FieldType.NAMES;
  }

  public boolean isWriteOnly() {
    return writeOnly;
  }

  /** Rendered, selectable with {@code fields=}, audited: every field but a write-only one. */
  public boolean isReadable() {
    return !writeOnly;
  }

  public LinkDef link() {
    return link;
  }

  public String references() {
    return references;
  }

  public ChildDef childDef() {
    return children;
  }

  public Integer maxLength() {
    return maxLength;
  }

  public int precision() {
    return precision;
  }

  public int scale() {
    return scale;
  }

  public List<String> choices() {
    return choices;
  }

  public Format format() {
    return format;
  }

  public Pattern pattern() {
    return pattern;
  }

  public BigDecimal min() {
    return min;
  }

  public boolean minExclusive() {
    return minExclusive;
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }

  public Object defaultValue() {
    return defaultValue == null ? null : defaultValue.get();
  }

  // ---- request bodies ----------------------------------------------------------------------

  /** Parses one value of a request body into its canonical Java value. */
  public Object parse(Object raw) throws FieldError {
    if (raw == null) {
      if (nullable) return null;
      throw new FieldError("This field may not be null.");
    }
    return switch (type) {
      case STRING, TEXT -> parseString(raw);
      case INTEGER -> checkMin(new BigDecimal(parseLong(raw, "A valid integer is required."))).longValueExact();
      case REFERENCE -> parseReference(raw);
      case DECIMAL -> checkMin(parseDecimal(raw));
      case BOOLEAN -> parseBoolean(raw, "Must be a valid boolean.");
      case DATE -> parseDate(raw);
      case TIMESTAMP -> parseTimestamp(raw.toString(), "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm:ssZ.");
      case CHILDREN -> throw new IllegalStateException("children are parsed by their ChildDef");
      case NAMES -> parseNames(raw);
    };
  }

  /** A JSON list of names, as a sorted list without duplicates. */
  private static List<String> parseNames(Object raw) throws FieldError {
    if (!(raw instanceof io.vertx.core.json.JsonArray items)) {
      throw new FieldError("Expected a list of items but got type \"" + pythonType(raw) + "\".");
    }
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    for (Object item : items) {
      if (!(item instanceof String s) || s.isBlank()) throw new FieldError("Invalid value.");
      names.add(s.trim());
    }
    return List.copyOf(names);
  }

  private String parseString(Object raw) throws FieldError {
    if (!(raw instanceof String || raw instanceof Number) || raw instanceof Boolean) throw new FieldError("Not a valid string.");
    // a write-only string (a password) is taken exactly as sent
    String s = writeOnly ? raw.toString() : raw.toString().trim();
    if (s.isEmpty()) {
      if (required || notBlank) throw new FieldError("This field may not be blank.");
      return s;
    }
    if (maxLength != null && s.codePointCount(0, s.length()) > maxLength) {
      throw new FieldError("Ensure this field has no more than " + maxLength + " characters.");
    }
    if (choices != null && !choices.contains(s)) throw new FieldError("\"" + s + "\" is not a valid choice.");
    if (pattern != null && !pattern.matcher(s).matches()) throw new FieldError("Enter a valid value.");
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
    return s;
  }

  private static long parseLong(Object raw, String message) throws FieldError {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) return ((Number) raw).longValue();
    try {
      if (raw instanceof Number n) return new BigDecimal(n.toString()).longValueExact();
      if (raw instanceof String s && s.trim().matches("-?\\d{1,18}")) return Long.parseLong(s.trim());
    } catch (ArithmeticException | NumberFormatException e) {
      // falls through to the message
    }
    throw new FieldError(message);
  }

  private static Long parseReference(Object raw) throws FieldError {
    if (raw instanceof Boolean || !(raw instanceof Number || raw instanceof String)) {
      throw new FieldError("Incorrect type. Expected pk value, received " + pythonType(raw) + ".");
    }
    return parseLong(raw, "Incorrect type. Expected pk value, received " + pythonType(raw) + ".");
  }

  private BigDecimal parseDecimal(Object raw) throws FieldError {
    if (raw instanceof Boolean || !(raw instanceof Number || raw instanceof String)) throw new FieldError("A valid number is required.");
    BigDecimal d;
    try {
      d = new BigDecimal(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new FieldError("A valid number is required.");
    }
    // DRF's validate_precision, on the digits as written
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
    return d.setScale(scale, RoundingMode.UNNECESSARY);
  }

  private BigDecimal checkMin(BigDecimal value) throws FieldError {
    if (min != null) {
      int cmp = value.compareTo(min);
      if (minExclusive && cmp <= 0) throw new FieldError("Ensure this value is greater than " + min.toPlainString() + ".");
      if (!minExclusive && cmp < 0) throw new FieldError("Ensure this value is greater than or equal to " + min.toPlainString() + ".");
    }
    return value;
  }

  private static Boolean parseBoolean(Object raw, String message) throws FieldError {
    if (raw instanceof Boolean b) return b;
    if (raw instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) return n.doubleValue() == 1;
    if (raw instanceof String s) {
      String w = s.trim().toLowerCase(Locale.ROOT);
      if (TRUE_WORDS.contains(w)) return true;
      if (FALSE_WORDS.contains(w)) return false;
    }
    throw new FieldError(message);
  }

  private static LocalDate parseDate(Object raw) throws FieldError {
    if (raw instanceof String s && s.trim().matches("\\d{4}-\\d{2}-\\d{2}")) {
      try {
        return LocalDate.parse(s.trim());
      } catch (DateTimeParseException e) {
        // falls through
      }
    }
    throw new FieldError("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
  }

  /** ISO-8601 instant; a date-time without offset is UTC; a bare date is its midnight UTC. */
  private static Instant parseTimestamp(String text, String message) throws FieldError {
    String s = text.trim();
    try {
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
      if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:\\d{2}$")) return OffsetDateTime.parse(s).toInstant();
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new FieldError(message);
    }
  }

  private static String pythonType(Object raw) {
    if (raw instanceof String) return "str";
    if (raw instanceof Boolean) return "bool";
    if (raw instanceof Number) return raw instanceof Integer || raw instanceof Long ? "int" : "float";
    if (raw instanceof io.vertx.core.json.JsonArray) return "list";
    return "dict";
  }

  // ---- filters -----------------------------------------------------------------------------

  /** Parses one filter value from a query string (django-filter's messages). */
  public Object parseFilter(String text) throws FieldError {
    return switch (type) {
      case STRING -> text;
      case INTEGER, REFERENCE -> parseLong(text, "Enter a whole number.");
      case DECIMAL -> {
        try {
          yield new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
          throw new FieldError("Enter a number.");
        }
      }
      case BOOLEAN -> parseBoolean(text, "Select a valid choice. " + text + " is not one of the available choices.");
      case DATE -> {
        try {
          yield LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
          throw new FieldError("Enter a valid date.");
        }
      }
      case TIMESTAMP -> parseTimestamp(text, "Enter a valid date/time.");
      case TEXT, CHILDREN, NAMES -> throw new FieldError("This field cannot be filtered.");
    };
  }

  // ---- rows and rendering --------------------------------------------------------------------

  /** Reads this field's column into its canonical Java value, whichever driver produced the row. */
  public Object read(Row row) {
    Object v = row.getValue(name);
    if (v == null) return null;
    return switch (type) {
      case STRING, TEXT -> v.toString();
      case INTEGER, REFERENCE -> ((Number) v).longValue();
      case DECIMAL -> {
        BigDecimal d = v instanceof Numeric n ? n.bigDecimalValue() : v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
        yield d.setScale(scale, RoundingMode.HALF_UP);
      }
      case BOOLEAN -> v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
      case DATE -> v instanceof LocalDate d ? d : LocalDate.parse(v.toString());
      case TIMESTAMP -> v instanceof OffsetDateTime o ? o.toInstant()
          : v instanceof LocalDateTime l ? l.toInstant(ZoneOffset.UTC) : Instant.parse(v.toString());
      case CHILDREN, NAMES -> throw new IllegalStateException(type + " is not a column");
    };
  }

  /** The JSON value of a canonical value: decimals as strings, dates and timestamps as ISO text. */
  public Object render(Object value) {
    if (value == null) return null;
    return switch (type) {
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      case DATE, TIMESTAMP -> value.toString();
      case NAMES -> new io.vertx.core.json.JsonArray(new java.util.ArrayList<Object>((List<?>) value));
      default -> value;
    };
  }
}
