package dev.orderly.core.resource.model;

import java.util.Set;

/** Storage and wire types of fields, with the list lookups each allows (API.md "Listing"). */
public enum FieldType {
  STRING(Set.of(Lookup.EXACT, Lookup.IN, Lookup.ICONTAINS, Lookup.ISNULL)),
  /** Long text: searched where declared, never filtered or ordered. */
  TEXT(Set.of()),
  INTEGER(Lookup.COMPARABLE),
  DECIMAL(Lookup.COMPARABLE),
  BOOLEAN(Set.of(Lookup.EXACT)),
  DATE(Lookup.COMPARABLE),
  TIMESTAMP(Lookup.COMPARABLE),
  /** The id of a record of another resource. */
  REFERENCE(Set.of(Lookup.EXACT, Lookup.IN, Lookup.ISNULL)),
  /** Rows of a child table written and rendered with their parent (purchase order lines). */
  CHILDREN(Set.of()),
  /** Names of records of another table, linked through a link table; written as a set (users' groups). */
  NAMES(Set.of());

  private final Set<Lookup> lookups;

  FieldType(Set<Lookup> lookups) {
    this.lookups = lookups;
  }

  public Set<Lookup> lookups() {
    return lookups;
  }

  /** Filterable fields are also orderable. */
  public boolean filterable() {
    return !lookups.isEmpty();
  }
}
