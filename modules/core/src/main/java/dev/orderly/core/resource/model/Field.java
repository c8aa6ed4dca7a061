package dev.orderly.core.resource.model;

import dev.orderly.core.resource.model.codec.FieldCodec;
import dev.orderly.core.resource.model.codec.Text;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One field of a resource: its name, its {@link FieldType} and every rule about it, declared once and
 * read by validation, filtering, storage, rendering and the OpenAPI document, so a rule is written once.
 *
 * <p>A field is immutable: each rule in {@code Field.string("name").required().maxLength(200)} returns
 * a new field and leaves the one it was called on as it was, so definitions can share fields. What a
 * value of the type is at each boundary is the type's {@link FieldCodec}; this class adds what every
 * type shares (null and the column name). Messages are DRF's, so clients that show them keep working.
 *
 * <p>Longer than the project's 300 lines on purpose, because it is the whole declaration vocabulary (one
 * short method per rule) and the queries the engine, validator, query parser and OpenAPI document ask,
 * with no logic of its own to split off.
 */
public final class Field {
  /** Special string formats. */
  public enum Format { NONE, EMAIL, COUNTRY, CURRENCY }

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

  /** The type's codec. */
  public FieldCodec codec() {
    return type.codec();
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

  // ---- values: null here, the rest in the type's codec ------------------------------------------

  /** Parses one value of a request body into its canonical Java value. */
  public Object parse(Object raw) throws FieldError {
    if (raw == null) {
      if (nullable) return null;
      throw new FieldError("This field may not be null.");
    }
    if (raw instanceof String s) Text.check(s);
    return codec().parse(this, raw);
  }

  /** Parses one filter value from a query string (django-filter's messages); text no database takes is a 400 too. */
  public Object parseFilter(String text) throws FieldError {
    return codec().parseFilter(this, Text.check(text));
  }

  /** Reads this field's column into its canonical Java value, whichever driver produced the row. */
  public Object read(Row row) {
    Object column = row.getValue(name);
    return column == null ? null : codec().read(this, column);
  }

  /** The JSON value of a canonical value: decimals as strings, dates and timestamps as ISO text. */
  public Object render(Object value) {
    return value == null ? null : codec().render(value);
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
