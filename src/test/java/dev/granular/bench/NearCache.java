package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * The near_hit_vs_bare row: hit_vs_bare on a boot with {@code cache.products.near=true}. Until the near cache
 * exists that setting does nothing, so the row is measured only when {@code /api/cache/stats} shows near hits for
 * {@code products} after the warm-up, and skipped otherwise.
 */
final class NearCache {

  private NearCache() {}

  static Row row(HttpRows http, BenchApp app, Catalog catalog) throws Exception {
    Row.Goal goal = Row.Goal.atLeast(0.95);
    HttpRows.WarmUp warmUp = http.warmUp(app, catalog);
    JsonObject counters = app.cacheStatistics("products");
    if (!(counters.get("nearHits") instanceof JsonNumber near) || near.longValue() == 0) {
      return Row.skipped("near_hit_vs_bare", goal, "near cache not available",
          Json.createObjectBuilder()
              .add("why", "no nearHits > 0 in /api/cache/stats instance.caches.products after the warm-up with"
                  + " -Dcache.products.near=true")
              .add("productsCounters", counters)
              .build());
    }
    HttpRows.HitAndBare hit = http.hitAndBare(app, catalog, warmUp);
    return Row.measured("near_hit_vs_bare", hit.ratio(), goal, hit.details("one boot, cache.products.near=true"));
  }
}
