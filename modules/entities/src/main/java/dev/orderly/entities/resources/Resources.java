package dev.orderly.entities.resources;

import dev.orderly.core.resource.model.ResourceDef;
import java.util.List;

/** Every resource the entity service serves. */
public final class Resources {
  public static final List<ResourceDef> ALL = List.of(Suppliers.DEF, Products.DEF, PurchaseOrders.DEF);

  private Resources() {}
}
