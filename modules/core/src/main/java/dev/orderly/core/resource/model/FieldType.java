package dev.orderly.core.resource.model;

import dev.orderly.core.resource.model.codec.BooleanCodec;
import dev.orderly.core.resource.model.codec.ChildrenCodec;
import dev.orderly.core.resource.model.codec.DateCodec;
import dev.orderly.core.resource.model.codec.DecimalCodec;
import dev.orderly.core.resource.model.codec.FieldCodec;
import dev.orderly.core.resource.model.codec.IntegerCodec;
import dev.orderly.core.resource.model.codec.NamesCodec;
import dev.orderly.core.resource.model.codec.ReferenceCodec;
import dev.orderly.core.resource.model.codec.StringCodec;
import dev.orderly.core.resource.model.codec.TimestampCodec;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Storage and wire types of fields, each with its {@link FieldCodec} and the list lookups it allows
 * (API.md "Listing").
 */
public enum FieldType {
  STRING(StringCodec.STRING, EnumSet.of(Lookup.EXACT, Lookup.IN, Lookup.ICONTAINS, Lookup.ISNULL)),
  /** Long text: searched where declared, never filtered or ordered. */
  TEXT(StringCodec.TEXT, EnumSet.noneOf(Lookup.class)),
  INTEGER(IntegerCodec.INSTANCE, Lookup.COMPARABLE),
  DECIMAL(DecimalCodec.INSTANCE, Lookup.COMPARABLE),
  BOOLEAN(BooleanCodec.INSTANCE, EnumSet.of(Lookup.EXACT)),
  DATE(DateCodec.INSTANCE, Lookup.COMPARABLE),
  TIMESTAMP(TimestampCodec.INSTANCE, Lookup.COMPARABLE),
  /** The id of a record of another resource. */
  REFERENCE(ReferenceCodec.INSTANCE, EnumSet.of(Lookup.EXACT, Lookup.IN, Lookup.ISNULL)),
  /** Rows of a child table written and rendered with their parent (purchase order lines). */
  CHILDREN(ChildrenCodec.INSTANCE, EnumSet.noneOf(Lookup.class)),
  /** Names of records of another table, linked through a link table; written as a set (users' groups). */
  NAMES(NamesCodec.INSTANCE, EnumSet.noneOf(Lookup.class));

  private final FieldCodec codec;
  private final Set<Lookup> lookups;

  FieldType(FieldCodec codec, Set<Lookup> lookups) {
    this.codec = codec;
    // in declaration order (an EnumSet), so that every node describes the same list parameters in the same order
    this.lookups = Collections.unmodifiableSet(EnumSet.copyOf(lookups));
  }

  /** How values of this type are parsed, read, rendered and described. */
  public FieldCodec codec() {
    return codec;
  }

  public Set<Lookup> lookups() {
    return lookups;
  }

  /** Filterable fields are also orderable. */
  public boolean filterable() {
    return !lookups.isEmpty();
  }
}
