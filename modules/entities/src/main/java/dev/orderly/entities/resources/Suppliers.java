package dev.orderly.entities.resources;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.ResourceDef;

/** Suppliers: who the company buys from. */
public final class Suppliers {
  public static final ResourceDef DEF = ResourceDef.builder("suppliers", "suppliers", "supplier")
      .field(Field.string("code").required().unique().maxLength(32).pattern("[A-Z0-9-]{1,32}"))
      .field(Field.string("name").required().maxLength(200))
      .field(Field.string("email").maxLength(254).format(Field.Format.EMAIL))
      .field(Field.string("phone").maxLength(40))
      .field(Field.string("country").maxLength(2).format(Field.Format.COUNTRY))
      .field(Field.string("tax_id").maxLength(40))
      .field(Field.bool("active").defaultValue(true))
      .field(Field.text("notes"))
      .search("code", "name", "email", "tax_id")
      .build();

  private Suppliers() {}
}
