package dev.granular.bench;

import dev.granular.testredis.PrivateRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What {@code mvn -Pbench} runs: every row of issue 9, each a ratio of two figures measured in this
 * run, against a private Redis and a database of its own (H2, or PostgreSQL when {@code DB_URL} is
 * set). The app boots five times on Payara Micro (caching on; caching on with {@code
 * views.count-mode=buffered}; caching off by {@code cache.enabled=false}; near cache on; near cache
 * on with buffered views); JMH runs first, alone. Writes {@code results.json} and {@code
 * results.png} into the output folder and prints the table. A missed goal is reported; an error (a
 * non-2xx answer, a boot that fails) ends the program with a non-zero status.
 *
 * <p>Arguments: the Payara Micro jar, the WAR, the {@code server-config} folder, the output folder.
 */
public final class BenchSuite {

  private static final Logger LOG = Logger.getLogger(BenchSuite.class.getName());
  static final int PRODUCTS = 10_000;
  static final String DB_LATENCY_MS = "20";

  private BenchSuite() {}

  public static void main(String[] args) throws Exception {
    BenchApp.Layout layout =
        new BenchApp.Layout(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    Files.createDirectories(layout.out());
    long started = System.nanoTime();
    Map<String, Row> rows = new HashMap<>();
    String database;
    String redisGet;
    try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.freePort());
        BenchDatabase db = BenchDatabase.start()) {
      database = db.kind();
      redisGet = Machine.redisGetRate(redis.port());
      rows.put(
          "interceptor_overhead",
          Boolean.getBoolean("bench.skip-jmh")
              ? Row.skipped(
                  "interceptor_overhead",
                  Row.Goal.atMost(1.15),
                  "-Dbench.skip-jmh=true",
                  Json.createObjectBuilder().build())
              : InterceptorOverhead.run(redis.url(), layout.out()));
      Map<String, String> common = new HashMap<>(db.settings());
      common.put("REDIS_URL", redis.url());
      common.put("DEMO_DB_LATENCY_MS", DB_LATENCY_MS);
      new HttpSuite(layout, db, redis, common).run(rows);
    }
    Results results = new Results();
    for (String name :
        new String[] {
          "hit_vs_bare",
          "cached_vs_uncached",
          "interceptor_overhead",
          "redis_bytes_vs_json",
          "near_hit_vs_bare",
          "ours_vs_payara",
          "http_304_vs_full",
          "page_hit_vs_built"
        }) {
      results.add(rows.get(name));
    }
    JsonObject run = Machine.describe(database, (System.nanoTime() - started) / 1e9, redisGet);
    results.writeJson(layout.out().resolve("results.json"), run);
    ResultsChart.write(
        results.rows(),
        "mvn -Pbench, "
            + Instant.now().toString().substring(0, 16)
            + "Z, "
            + run.getString("cpu")
            + " x"
            + run.getInt("cpus"),
        layout.out().resolve("results.png"));
    System.out.println();
    System.out.println("Benchmarks (" + run + ")");
    System.out.println(results.table());
    LOG.info(() -> "Wrote " + layout.out().resolve("results.json") + " and results.png");
  }

  /**
   * The rows measured over HTTP, in five boots of the app (and one of two small WARs for
   * ours_vs_payara).
   */
  private record HttpSuite(
      BenchApp.Layout layout, BenchDatabase db, PrivateRedis redis, Map<String, String> common) {

    void run(Map<String, Row> rows) throws Exception {
      Wrk wrk = new Wrk(layout.out().resolve("scripts"));
      HttpRows http = new HttpRows(wrk);
      RedisBytes bytes = new RedisBytes(redis.port());
      Catalog catalog;
      Row packedBytes;
      HttpRows.MixRuns cached;
      JsonObject cachedCounters;
      double prefillSeconds;
      HttpRows.MixWarmUp cachedWarmUp;
      // Products are stored packed in this boot (cache.products.compress=true, the setting for
      // memory); the near boot below stores them as plain JSON, the default, and measures those
      // bytes too.
      HttpRows.HitAndBare hit;
      HttpRows.Floor floor;
      try (BenchApp app = boot("cached", Map.of("cache.products.compress", "true"))) {
        catalog = Catalog.seed(app, db, PRODUCTS);
        hit = http.hitAndBare(app, catalog, http.warmUp(app, catalog));
        floor = http.roundTripFloor(app, catalog);
        rows.put("http_304_vs_full", ConditionalGets.row(wrk, app, catalog));
        rows.put("page_hit_vs_built", CachedPages.row(wrk, app));
        RedisBytes.Point first = bytes.read();
        double json = RedisBytes.jsonBytes(app, catalog, 20);
        prefillSeconds = HttpRows.prefill(app, catalog);
        cachedWarmUp = http.mixUntilSteady(app, catalog);
        JsonObject before = app.cacheStatistics("products");
        cached = http.mix(app, catalog);
        cachedCounters =
            HttpRows.difference(
                before,
                app.cacheStatistics("products"),
                List.of("hits", "misses", "loads", "puts"));
        packedBytes = bytes.row(first, bytes.read(), json);
      }
      // The same hit with its view counted in process (views.count-mode=buffered): no Redis command
      // for the view, so about what the cache itself costs; a detail, the default (exact) counting
      // gives the ratio.
      HttpRows.MixRuns bufferedMix;
      HttpRows.MixWarmUp bufferedMixWarmUp;
      try (BenchApp app =
          boot(
              "cached-buffered-views",
              Map.of("cache.products.compress", "true", "views.count-mode", "buffered"))) {
        HttpRows.HitAndBare buffered = http.hitAndBare(app, catalog, http.warmUp(app, catalog));
        // The mix too, on the cache the first boot filled: the same reads without a Redis command
        // for their view.
        bufferedMixWarmUp = http.mixUntilSteady(app, catalog);
        bufferedMix = http.mix(app, catalog);
        rows.put(
            "hit_vs_bare",
            Row.measured(
                "hit_vs_bare",
                hit.ratio(),
                Row.Goal.atLeast(0.8),
                Json.createObjectBuilder(hit.details("one boot, caching on"))
                    .add("roundTripFloor", floor.details(hit.ratio(), "the same boot"))
                    .add(
                        "withBufferedViews",
                        Json.createObjectBuilder(
                                buffered.details(
                                    "a second boot with views.count-mode=buffered: views counted in process, sent to Redis every"
                                        + " 100 ms; the hit's one Redis command is the cache's"))
                            .add("ratio", Figures.round(buffered.ratio(), 3)))
                    .build()));
      }
      HttpRows.MixRuns uncached;
      HttpRows.MixWarmUp uncachedWarmUp;
      try (BenchApp app = boot("uncached", Map.of("cache.enabled", "false"))) {
        uncachedWarmUp = http.mixUntilSteady(app, catalog);
        uncached = http.mix(app, catalog);
      }
      rows.put(
          "cached_vs_uncached",
          Row.measured(
              "cached_vs_uncached",
              cached.requestsPerSecond() / uncached.requestsPerSecond(),
              Row.Goal.atLeast(10),
              Json.createObjectBuilder()
                  .add("cached", cached.details().add("productsCacheDuringRuns", cachedCounters))
                  .add("uncached", uncached.details())
                  .add(
                      "warmUpRequestsPerSecond",
                      Json.createObjectBuilder()
                          .add("cached", cachedWarmUp.toJson())
                          .add("uncached", uncachedWarmUp.toJson()))
                  .add("catalog", catalog.toJson())
                  .add(
                      "settings",
                      "two boots (cache.enabled=true, then false), DEMO_DB_LATENCY_MS="
                          + DB_LATENCY_MS
                          + "; Zipf s="
                          + HttpRows.ZIPF_S
                          + " over "
                          + PRODUCTS
                          + " products, "
                          + (int) (HttpRows.WRITE_SHARE * 100)
                          + " % PUT /api/products/{id}, the rest GET; cached: every product read once first ("
                          + HttpRows.PREFILL_CALLERS
                          + " callers, "
                          + Math.round(prefillSeconds)
                          + " s), as after a while of"
                          + " traffic within the TTL; then for both the mix's writes alone (every request a PUT) and then the mix, each "
                          + Wrk.STEADY_DESCRIPTION
                          + ", and "
                          + HttpRows.ROUNDS
                          + " runs of "
                          + HttpRows.SECONDS
                          + " s measured, the median one reported; 409 (a PUT that lost a race) counted, not an error")
                  .add(
                      "withBufferedViews",
                      Json.createObjectBuilder()
                          .add(
                              "ratio",
                              Figures.round(
                                  bufferedMix.requestsPerSecond() / uncached.requestsPerSecond(),
                                  3))
                          .add("cached", bufferedMix.details())
                          .add("warmUpRequestsPerSecond", bufferedMixWarmUp.toJson())
                          .add(
                              "settings",
                              "the cached side on the boot with views.count-mode=buffered, on the cache the"
                                  + " first boot filled; the same uncached side"))
                  .build()));
      NearCache.Measured near;
      try (BenchApp app = boot("near", Map.of("cache.products.near", "true"))) {
        app.clearCache("products");
        RedisBytes.Point empty = bytes.read();
        near = NearCache.measure(http, app, catalog);
        HttpRows.prefill(app, catalog);
        rows.put(
            "redis_bytes_vs_json",
            RedisBytes.packedAndPlain(
                packedBytes,
                bytes.row(empty, bytes.read(), RedisBytes.jsonBytes(app, catalog, 20))));
      }
      NearCache.Measured nearBuffered = null;
      if (near.hit() != null) {
        try (BenchApp app =
            boot(
                "near-buffered-views",
                Map.of("cache.products.near", "true", "views.count-mode", "buffered"))) {
          nearBuffered = NearCache.measure(http, app, catalog);
        }
      }
      rows.put("near_hit_vs_bare", NearCache.row(near, nearBuffered, floor));
      rows.put("ours_vs_payara", PayaraComparison.row(layout, redis, wrk));
    }

    private BenchApp boot(String name, Map<String, String> settings) throws Exception {
      Map<String, String> all = new HashMap<>(common);
      all.putAll(settings);
      return BenchApp.boot(layout, layout.war(), name, all);
    }
  }
}
