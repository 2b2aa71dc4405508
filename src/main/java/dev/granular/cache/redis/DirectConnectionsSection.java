package dev.granular.cache.redis;

import dev.granular.cache.stats.StatisticsSection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * {@code "directConnections"} in {@code GET /api/cache/stats}: this instance's pool of direct Redis
 * connections ({@link DirectConnections.Stats}), or {@code {"enabled": false}} where everything
 * goes through Redisson.
 */
@ApplicationScoped
public class DirectConnectionsSection implements StatisticsSection {

  @Inject RedisConnection redis;

  @Override
  public String name() {
    return "directConnections";
  }

  @Override
  public JsonObject statistics() {
    return redis
        .direct()
        .map(DirectConnections::stats)
        .map(
            stats ->
                Json.createObjectBuilder()
                    .add("enabled", true)
                    .add("calls", stats.calls())
                    .add("opened", stats.opened())
                    .add("failed", stats.failed())
                    .add("scriptsLoaded", stats.scriptsLoaded())
                    .add("inUse", stats.inUse())
                    .add("idle", stats.idle())
                    .add("carried", stats.carried())
                    .build())
        .orElseGet(() -> Json.createObjectBuilder().add("enabled", false).build());
  }
}
