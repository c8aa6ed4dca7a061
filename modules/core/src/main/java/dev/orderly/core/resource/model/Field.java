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
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One field of a resource: its name, its {@link FieldType} and every rule about it, declared once and
 * read by validation, filtering, storage, rendering and the OpenAPI document, so a rule is written once.
 *
 * <p>A field is immutable: each rule in {@code Field.string("name").required().maxLength(200)} returns
 * a new field and leaves the one it was called on as it was, so definitions can share fields. The same
 * object parses request bodies and filter values, reads database rows and renders JSON. Messages are
 * DRF's, so clients that show them keep working.

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
  private final boolean required;
  private final boolean readOnly;
  private final boolean writeOnly;
  private final boolean unique;
  private final boolean nullable;
  private final boolean notBlank;
  private final Integer maxLength;
  private final int precision;
  private final int scale;
  private final BigDecimal min;
  private final boolean minExclusive;
  private final List<String> choices;
  private final Pattern pattern;
  private final Format format;
  private final Supplier<Object> defaultValue;
  private final String references;
  private final ChildDef children;
  private final LinkDef link;

  private Field(Draft d) {
    name = d.name;
    type = d.type;
    required = d.required;
    readOnly = d.readOnly;
    writeOnly = d.writeOnly;
    unique = d.unique;
    nullable = d.nullable;
    notBlank = d.notBlank;
    maxLength = d.maxLength;
    precision = d.precision;
    scale = d.scale;
    min = d.min;
    minExclusive = d.minExclusive;
    choices = d.choices;
    pattern = d.pattern;
    format = d.format;
    defaultValue = d.defaultValue;
    references = d.references;
    children = d.children;
    link = d.link;
  }

  private static Field of(String name, FieldType type) {
    return new Field(new Draft(name, type));
  }

  /** A copy of this field with {@code change} applied. */
  private Field with(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new Field(d);
  }

  // ---- declaration: every method returns a new field -----------------------------------------

  /** A string column; defaults to {@code ""} unless required. */
  public static Field string(String name) {
    return of(name, FieldType.STRING).defaultValue("");
  }

  /** Long text: searched where declared, never filtered; defaults to {@code ""} unless required. */
  public static Field text(String name) {
    return of(name, FieldType.TEXT).defaultValue("");
  }

  public static Field integer(String name) {
    return of(name, FieldType.INTEGER);
  }

  /** {@code precision} digits in total, {@code scale} of them after the point. */
  public static Field decimal(String name, int precision, int scale) {
    return of(name, FieldType.DECIMAL).with(d -> {
      d.precision = precision;
      d.scale = scale;
    });
  }

  public static Field bool(String name) {
    return of(name, FieldType.BOOLEAN);
  }

  public static Field date(String name) {
    return of(name, FieldType.DATE);
  }

  public static Field timestamp(String name) {
    return of(name, FieldType.TIMESTAMP);
  }

  /** The id of a record in {@code table}. */
  public static Field reference(String name, String table) {
    return of(name, FieldType.REFERENCE).with(d -> d.references = table);
  }

  /** Rows of {@code children}'s table, written and rendered with their parent. */
  public static Field children(String name, ChildDef children) {
    return of(name, FieldType.CHILDREN).with(d -> d.children = children);
  }

  /** A list of names of rows of {@code link}'s target table, stored as rows of its link table; defaults to none. */
  public static Field names(String name, LinkDef link) {
    return of(name, FieldType.NAMES).with(d -> {
      d.link = link;
      d.defaultValue = List::of;
    });
  }

  /**
   * Accepted in request bodies but never rendered, filtered, ordered, selected with {@code fields=},
   * kept in audit changes or published in events (a password hash); it has no default.
   */
  public Field writeOnly() {
    return with(d -> {
      d.writeOnly = true;
      d.defaultValue = null;
    });
  }

  /** Must be sent on create and replace, and (a string) may not be blank; it has no default. */
  public Field required() {
    return with(d -> {
      d.required = true;
      d.defaultValue = null;
    });
  }

  /** An optional string that, when sent, may not be empty (it has a default instead). */
  public Field notBlank() {
    return with(d -> d.notBlank = true);
  }

  /** Set by the server: ignored in request bodies and left out of the write schema. */
  public Field readOnly() {
    return with(d -> d.readOnly = true);
  }

  /** Unique in its table; the table's constraint enforces it, and a duplicate is a 400 on this field. */
  public Field unique() {
    return with(d -> d.unique = true);
  }

  /** Accepts and stores null (and has no other default). */
  public Field nullable() {
    return with(d -> {
      d.nullable = true;
      d.defaultValue = () -> null;
    });
  }

  /** At most {@code maxLength} characters (code points). */
  public Field maxLength(int maxLength) {
    return with(d -> d.maxLength = maxLength);
  }

  /** At least {@code min}. */
  public Field min(long min) {
    return with(d -> d.min = BigDecimal.valueOf(min));
  }

  /** Strictly greater than {@code min}. */
  public Field greaterThan(long min) {
    return with(d -> {
      d.min = BigDecimal.valueOf(min);
      d.minExclusive = true;
    });
  }

  /** One of {@code choices}, exactly. */
  public Field choices(String... choices) {
    List<String> list = List.of(choices);
    return with(d -> d.choices = list);
  }

  /** Matches {@code regex} as a whole. */
  public Field pattern(String regex) {
    Pattern compiled = Pattern.compile(regex);
    return with(d -> d.pattern = compiled);
  }

  /** A special string format; {@link Format#NONE} by default. */
  public Field format(Format format) {
    return with(d -> d.format = format);
  }

  /** The value a create takes when the field is not sent. */
  public Field defaultValue(Object value) {
    return with(d -> d.defaultValue = () -> value);
  }

  /** The value a create takes when the field is not sent, computed at each create (today's date). */
  public Field defaultValue(Supplier<Object> value) {
    return with(d -> d.defaultValue = value);
  }

  // ---- queries -------------------------------------------------------------------------------

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

  public boolean isNotBlank() {
    return notBlank;
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

  /** In code points; null for no limit. */
  public Integer maxLength() {
    return maxLength;
  }

  public int precision() {
    return precision;
  }

  public int scale() {
    return scale;
  }

  /** Null for any value. */
  public List<String> choices() {
    return choices;
  }

  public Format format() {
    return format;
  }

  /** Null for any value. */
  public Pattern pattern() {
    return pattern;
  }

  /** The lower bound, null for none; exclusive if {@link #minExclusive()}. */
  public BigDecimal min() {
    return min;
  }

  public boolean minExclusive() {
    return minExclusive;
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }

  /** The default for a create, or null. */
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

  /** A field being declared: the one mutable form, copied from a field and into a new one. */
  private static final class Draft {
    final String name;
    final FieldType type;
    boolean required;
    boolean readOnly;
    boolean writeOnly;
    boolean unique;
    boolean nullable;
    boolean notBlank;
    Integer maxLength;
    int precision;
    int scale;
    BigDecimal min;
    boolean minExclusive;
    List<String> choices;
    Pattern pattern;
    Format format = Format.NONE;
    Supplier<Object> defaultValue;
    String references;
    ChildDef children;
    LinkDef link;

    Draft(String name, FieldType type) {
      this.name = name;
      this.type = type;
    }

    Draft(Field f) {
      this(f.name, f.type);
      required = f.required;
      readOnly = f.readOnly;
      writeOnly = f.writeOnly;
      unique = f.unique;
      nullable = f.nullable;
      notBlank = f.notBlank;
      maxLength = f.maxLength;
      precision = f.precision;
      scale = f.scale;
      min = f.min;
      minExclusive = f.minExclusive;
      choices = f.choices;
      pattern = f.pattern;
      format = f.format;
      defaultValue = f.defaultValue;
      references = f.references;
      children = f.children;
      link = f.link;
    }
  }
}
