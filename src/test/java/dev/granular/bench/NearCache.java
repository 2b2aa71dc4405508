package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * The near_hit_vs_bare row: hit_vs_bare on a boot with {@code cache.products.near=true}. Until the
 * near cache exists that setting does nothing, so the row is measured only when {@code
 * /api/cache/stats} shows near hits for {@code products} after the warm-up, and skipped otherwise.
 * With the default view counting each near hit still sends its view to Redis (one command per view
 * or two); a second boot with {@code views.count-mode=buffered} measures the near hit without it,
 * as a detail.
 */
final class NearCache {

  private NearCache() {}

  static final Row.Goal GOAL = Row.Goal.atLeast(0.95);

  /** Near hits and the bare endpoint on this boot, or a skipped row when it served no near hit. */
  static Measured measure(HttpRows http, BenchApp app, Catalog catalog) throws Exception {
    HttpRows.WarmUp warmUp = http.warmUp(app, catalog);
    JsonObject counters = app.cacheStatistics("products");
    if (!(counters.get("nearHits") instanceof JsonNumber near) || near.longValue() == 0) {
      return new Measured(
          null,
          Row.skipped(
              "near_hit_vs_bare",
              GOAL,
              "near cache not available",
              Json.createObjectBuilder()
                  .add(
                      "why",
                      "no nearHits > 0 in /api/cache/stats instance.caches.products after the warm-up with"
                          + " -Dcache.products.near=true")
                  .add("productsCounters", counters)
                  .build()));
    }
    return new Measured(http.hitAndBare(app, catalog, warmUp), null);
  }

  /**
   * The row: {@code exact} (the default view counting) gives the ratio; {@code buffered} (a boot
   * with {@code views.count-mode=buffered} too), when measured, is a detail, and so is the {@link
   * HttpRows.Floor round-trip floor}.
   */
  static Row row(Measured exact, Measured buffered, HttpRows.Floor floor) {
    if (exact.skipped() != null) {
      return exact.skipped();
    }
    var details =
        Json.createObjectBuilder(exact.hit().details("one boot, cache.products.near=true"))
            .add(
                "roundTripFloor",
                floor.details(
                    exact.hit().ratio(),
                    "measured on the first boot (caching on, no near cache); a near hit that counts its view exactly makes"
                        + " that one round trip too"));
    if (buffered != null && buffered.hit() != null) {
      details.add(
          "withBufferedViews",
          Json.createObjectBuilder(
                  buffered
                      .hit()
                      .details(
                          "another boot with cache.products.near=true and views.count-mode=buffered: views counted in process,"
                              + " sent to Redis every 100 ms, so a near hit sends no Redis command"))
              .add("ratio", Figures.round(buffered.hit().ratio(), 3)));
    }
    return Row.measured("near_hit_vs_bare", exact.hit().ratio(), GOAL, details.build());
  }

  /** A measured pair, or the skipped row. */
  record Measured(HttpRows.HitAndBare hit, Row skipped) {}
}
