package dev.orderly.core.resource.query;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.Lookup;
import java.util.List;

/**
 * A parsed, checked list request. Every name in it comes from the resource definition, never from
 * the request, so SQL built from it cannot be widened by a typo or an injection.
 *
 * @param page 1-based page, or {@link #LAST_PAGE}
 * @param fields fields to render, empty for all
 */
public record ListQuery(List<Filter> filters, List<String> searchTerms, List<Order> ordering, int page, int pageSize,
                        List<String> fields) {
  public static final int LAST_PAGE = -1;
  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int MAX_PAGE_SIZE = 1000;

  /** {@code value} is a canonical value, a {@code List} for IN, a {@code Boolean} for ISNULL. */
  public record Filter(Field field, Lookup lookup, Object value) {}

  public record Order(Field field, boolean descending) {}
}
