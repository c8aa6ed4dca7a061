package dev.orderly.core.resource.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One business resource, declared once: URL name, table, fields with their rules, search fields and
 * hooks for rules that span fields. The CRUD engine, query parser, validation, SQL and rendering all
 * read this, so adding a resource is a migration plus a definition. A resource may have a
 * {@link Workflow} of states and transitions. Every resource also has the
 * read-only fields {@code id}, {@code version}, {@code created_at} and {@code updated_at}.
 */
public final class ResourceDef {
  private final String name;
  private final String table;
  private final String singular;
  private final Map<String, Field> fields;
  private final List<String> search;
  private final ResourceHooks hooks;
  private final Workflow workflow;
  private final List<Field> columns;
  private final List<Field> namesFields;
  private final Field childrenField;

  private ResourceDef(Builder b) {
    this.name = b.name;
    this.table = b.table;
    this.singular = b.singular;
    Map<String, Field> all = new LinkedHashMap<>();
    all.put("id", Field.integer("id").readOnly());
    for (Field f : b.fields) all.put(f.name(), f);
    all.put("version", Field.integer("version").readOnly());
    all.put("created_at", Field.timestamp("created_at").readOnly());
    all.put("updated_at", Field.timestamp("updated_at").readOnly());
    this.fields = Collections.unmodifiableMap(all);
    this.search = List.copyOf(b.search);
    this.hooks = b.hooks;
    this.workflow = b.workflow;
    // read on every row of every page: computed once
    this.columns = fields.values().stream().filter(Field::isColumn).toList();
    this.namesFields = fields.values().stream().filter(f -> f.type() == FieldType.NAMES).toList();
    this.childrenField = fields.values().stream().filter(f -> f.type() == FieldType.CHILDREN).findFirst().orElse(null);
    if (workflow != null && (!fields.containsKey(workflow.statusField()) || !fields.containsKey(workflow.requesterField()))) {
      throw new IllegalArgumentException(name + ": the workflow's status or requester field is not a field");
    }
    for (String s : search) {
      if (!fields.containsKey(s)) throw new IllegalArgumentException(name + ": unknown search field " + s);
    }
  }

  public static Builder builder(String name, String table, String singular) {
    return new Builder(name, table, singular);
  }

  /** URL name, e.g. {@code purchase-orders}. */
  public String name() {
    return name;
  }

  /** Table name, also the permission prefix and event address suffix, e.g. {@code purchase_orders}. */
  public String table() {
    return table;
  }

  /** Model name as DRF writes it in messages, e.g. {@code purchase order}. */
  public String singular() {
    return singular;
  }

  public Map<String, Field> fields() {
    return fields;
  }

  public Field field(String name) {
    return fields.get(name);
  }

  public List<String> search() {
    return search;
  }

  public ResourceHooks hooks() {
    return hooks;
  }

  /** The states and transitions of its status field, or null for a resource without a workflow. */
  public Workflow workflow() {
    return workflow;
  }

  /** Fields stored in this resource's own table, in definition order. */
  public List<Field> columns() {
    return columns;
  }

  /** The fields of linked names (users' groups and permissions), in definition order. */
  public List<Field> namesFields() {
    return namesFields;
  }

  /** The children field (purchase order lines), or null. */
  public Field childrenField() {
    return childrenField;
  }

  public static final class Builder {
    private final String name;
    private final String table;
    private final String singular;
    private final List<Field> fields = new ArrayList<>();
    private final List<String> search = new ArrayList<>();
    private ResourceHooks hooks = new ResourceHooks() {};
    private Workflow workflow;

    private Builder(String name, String table, String singular) {
      this.name = name;
      this.table = table;
      this.singular = singular;
    }

    public Builder field(Field field) {
      fields.add(field);
      return this;
    }

    public Builder search(String... names) {
      search.addAll(List.of(names));
      return this;
    }

    public Builder hooks(ResourceHooks hooks) {
      this.hooks = hooks;
      return this;
    }

    public Builder workflow(Workflow workflow) {
      this.workflow = workflow;
      return this;
    }

    public ResourceDef build() {
      return new ResourceDef(this);
    }
  }
}
