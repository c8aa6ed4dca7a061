package dev.orderly.core.test;

import io.vertx.core.json.JsonObject;

/**
 * Where the cache service of a test keeps its state, for {@code @EnumSource(CacheBackend.class)}: this
 * node's memory, or the test Redis with a key prefix of its own (skipped, or failed under
 * {@code REQUIRE_SERVICES=true}, when Redis is absent).
 */
public enum CacheBackend {
  MEMORY {
    @Override
    public JsonObject overrides() {
      return new JsonObject();
    }
  },
  REDIS {
    @Override
    public JsonObject overrides() {
      return TestServices.redis();
    }
  };

  /** Configuration for this backend. */
  public abstract JsonObject overrides();
}
