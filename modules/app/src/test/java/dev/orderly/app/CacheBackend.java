package dev.orderly.app;

import dev.orderly.core.test.TestServices;
import io.vertx.core.json.JsonObject;

/** Where the cache service of an end-to-end test keeps its state: this node's memory, or the test Redis. */
enum CacheBackend {
  MEMORY {
    @Override
    JsonObject overrides() {
      return new JsonObject();
    }
  },
  REDIS {
    @Override
    JsonObject overrides() {
      return TestServices.redis();
    }
  };

  /** Configuration for this backend (for Redis: a key prefix of its own; skipped when Redis is absent). */
  abstract JsonObject overrides();
}
