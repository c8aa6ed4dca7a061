package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.ConstraintViolation;
import dev.orderly.core.resource.model.ResourceDef;

/** Database constraint errors of a write, as the 400 or 409 a client can act on; anything else unchanged. */
final class WriteErrors {
  private WriteErrors() {}

  static boolean isForeignKey(Throwable e) {
    return ConstraintViolation.of(e).map(v -> v.kind() == ConstraintViolation.Kind.FOREIGN_KEY).orElse(false);
  }

  static Throwable translate(ResourceDef def, Throwable e, boolean deleting) {
    if (e instanceof ServiceError) return e;
    return ConstraintViolation.of(e).<Throwable>map(v -> switch (v.kind()) {
      case UNIQUE -> ServiceError.invalid(v.column() == null ? "non_field_errors" : v.column(),
          def.singular() + " with this " + (v.column() == null ? "value" : v.column().replace('_', ' ')) + " already exists.");
      case FOREIGN_KEY -> deleting
          ? ServiceError.of(409, ErrorCodes.IN_USE, "This " + def.singular() + " is referenced by other records and cannot be deleted.")
          : ServiceError.invalid(v.column() == null ? "non_field_errors" : v.column(), "A referenced record does not exist.");
    }).orElse(e);
  }
}
