package dev.granular.bench;

import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;

/**
 * {@code page_hit_vs_built}: throughput of {@code GET /api/categories/{id}/products} answered whole
 * from the response cache ({@code @CachedResponse}) over the same request with {@code
 * Cache-Control: no-cache}, which the resource builds each time from its own cached parts (the
 * category and the listing, both {@code @CacheResult} hits): what caching the response adds on top
 * of caching the methods. The category holds {@link #PRODUCTS} products. The ratio is the median of
 * {@value HttpRows#ROUNDS} pairs of runs (built, then hit).
 */
final class CachedPages {

  static final int PRODUCTS = 20;
  private static final int SECONDS = 10;

  private CachedPages() {}

  static Row row(Wrk wrk, BenchApp app) throws Exception {
    String created = app.send("POST", "api/categories", "{\"name\":\"Page benchmark\"}", 201);
    long category =
        Json.createReader(new StringReader(created)).readObject().getJsonNumber("id").longValue();
    for (int i = 0; i < PRODUCTS; i++) {
      app.send("POST", "api/products", Catalog.body(i, category), 201);
    }
    String path = "/api/categories/" + category + "/products";
    wrk.run(app.baseUrl(), "page.lua", 3, List.of(path, "")); // fills the page and its parts
    List<Double> builtWarmUp =
        wrk.untilSteady(app.baseUrl(), "page.lua", List.of(path, "Cache-Control", "no-cache"));
    List<Double> hitWarmUp = wrk.untilSteady(app.baseUrl(), "page.lua", List.of(path, ""));
    RunPairs pairs =
        RunPairs.alternate(
            wrk,
            app.baseUrl(),
            "page.lua",
            SECONDS,
            new RunPairs.Side("built", List.of(path, "Cache-Control", "no-cache")),
            new RunPairs.Side("hit", List.of(path, "")));
    return Row.measured(
        "page_hit_vs_built",
        pairs.ratio(),
        Row.Goal.atLeast(1.0),
        Json.createObjectBuilder()
            .add("hit", Figures.of(pairs.medianMeasured()))
            .add("built", Figures.of(pairs.medianBaseline()))
            .add("measuredPairsRequestsPerSecond", pairs.json())
            .add(
                "warmUpRequestsPerSecond",
                Json.createObjectBuilder()
                    .add("hit", HttpRows.WarmUp.rates(hitWarmUp))
                    .add("built", HttpRows.WarmUp.rates(builtWarmUp)))
            .add(
                "settings",
                "one category of "
                    + PRODUCTS
                    + " products ("
                    + path
                    + "), Accept: application/json,"
                    + " each warmed up "
                    + Wrk.STEADY_DESCRIPTION
                    + ", then "
                    + HttpRows.ROUNDS
                    + " pairs of wrk -t"
                    + Wrk.THREADS
                    + " -c"
                    + Wrk.CONNECTIONS
                    + " -d"
                    + SECONDS
                    + "s (built, then hit), the ratio the"
                    + " median of the pairs', the figures the median pair's; built sends Cache-Control: no-cache (parts"
                    + " still cached); goal ours: a stored page is no slower than building it")
            .build());
  }
}
