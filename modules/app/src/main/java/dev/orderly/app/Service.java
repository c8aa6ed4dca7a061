package dev.orderly.app;

import dev.orderly.auth.AuthVerticle;
import dev.orderly.cache.CacheVerticle;
import dev.orderly.core.config.Role;
import dev.orderly.core.config.Settings;
import dev.orderly.entities.EntityServiceVerticle;
import dev.orderly.export.ExportVerticle;
import dev.orderly.gateway.HttpGatewayVerticle;
import io.vertx.core.Deployable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What each role deploys, in deployment order: the verticle, how many instances, and the name of
 * its migrations ({@code classpath:db/<name>/<dialect>}) if it owns tables. Adding a service is a
 * line here.
 */
enum Service {
  ENTITIES(Role.ENTITIES, EntityServiceVerticle.class, "entities") {
    @Override
    int instances(Settings settings) {
      return settings.cluster().entitiesInstances();
    }
  },
  AUTH(Role.AUTH, AuthVerticle.class, AuthVerticle.SERVICE) {
    @Override
    int instances(Settings settings) {
      return settings.cluster().authInstances();
    }
  },
  EXPORT(Role.EXPORT, ExportVerticle.class, ExportVerticle.SERVICE) {
    @Override
    int instances(Settings settings) {
      // its job queue counts the jobs it runs on this node
      return 1;
    }
  },
  CACHE(Role.CACHE, CacheVerticle.class, null) {
    @Override
    int instances(Settings settings) {
      // its memory store (counters, entries) belongs to one instance
      return 1;
    }
  },
  GATEWAY(Role.GATEWAY, HttpGatewayVerticle.class, null) {
    @Override
    int instances(Settings settings) {
      return settings.httpInstances() == 0 ? Runtime.getRuntime().availableProcessors() : settings.httpInstances();
    }
  };

  private final Role role;
  private final Class<? extends Deployable> verticle;
  private final String migrations;

  Service(Role role, Class<? extends Deployable> verticle, String migrations) {
    this.role = role;
    this.verticle = verticle;
    this.migrations = migrations;
  }

  abstract int instances(Settings settings);

  Role role() {
    return role;
  }

  /** Deployed by class, so that several instances are several objects. */
  Class<? extends Deployable> verticle() {
    return verticle;
  }

  Optional<String> migrations() {
    return Optional.ofNullable(migrations);
  }

  /** The services of {@code roles}, in deployment order. */
  static List<Service> of(Set<Role> roles) {
    return Arrays.stream(values()).filter(s -> roles.contains(s.role)).toList();
  }
}
