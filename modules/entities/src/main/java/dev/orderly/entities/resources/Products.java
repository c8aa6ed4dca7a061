package dev.orderly.entities.resources;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.ResourceDef;

/** Products, each bought from one supplier. */
public final class Products {
  public static final ResourceDef DEF = ResourceDef.builder("products", "products", "product")
      .field(Field.string("sku").required().unique().maxLength(64))
      .field(Field.string("name").required().maxLength(200))
      .field(Field.text("description"))
      .field(Field.string("category").maxLength(100))
      .field(Field.string("unit").choices("pcs", "kg", "l", "m", "box").notBlank().defaultValue("pcs"))
      .field(Field.decimal("unit_price", 12, 2).required().min(0))
      .field(Field.string("currency").maxLength(3).format(Field.Format.CURRENCY).notBlank().defaultValue("EUR"))
      .field(Field.reference("supplier_id", "suppliers").required())
      .field(Field.integer("stock_quantity").min(0).defaultValue(0L))
      .field(Field.integer("reorder_level").min(0).defaultValue(0L))
      .field(Field.bool("active").defaultValue(true))
      .search("sku", "name", "description", "category")
      .build();

  private Products() {}
}
