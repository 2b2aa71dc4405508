package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The rows measured over HTTP with wrk ({@value Wrk#THREADS} threads, {@value Wrk#CONNECTIONS}
 * connections, on the same machine as the app): each ratio divides two throughputs measured one
 * after the other in the same boot, or in two boots of the same run.
 */
final class HttpRows {

  static final int HOT_PRODUCTS = 100;
  static final int SECONDS = 10;
  static final double ZIPF_S = 1.0;
  static final double WRITE_SHARE = 0.05;
  static final int PREFILL_CALLERS = 32;

  private final Wrk wrk;

  HttpRows(Wrk wrk) {
    this.wrk = wrk;
  }

  /**
   * Measured runs per comparison: {@value} pairs of hit and bare endpoint, {@value} runs of each
   * side of the mix. The median is reported: the machine drifts by more than 10 % within a minute
   * (in the 21:18 run of 2026-12-04 every single measured run came out below the warm-up rounds
   * just before it), so one run per side measured the drift as much as the code.
   */
  static final int ROUNDS = 3;

  /**
   * {@value #ROUNDS} pairs of wrk runs, each the bare endpoint and then hits of cached products
   * over the same {@value #HOT_PRODUCTS} ids. The ratio is the median of the pairs' ratios; the
   * figures are the median pair's.
   */
  record HitAndBare(
      List<Wrk.Run> hits, List<Wrk.Run> bares, JsonObject hitCounters, WarmUp warmUp) {
    double ratio() {
      return pairs().ratio();
    }

    private RunPairs pairs() {
      return new RunPairs("bare", bares, "hit", hits);
    }

    JsonObject details(String settings) {
      RunPairs pairs = pairs();
      int median = pairs.medianIndex();
      return Json.createObjectBuilder()
          .add(
              "cachedHit", Figures.of(hits.get(median)).add("productsCacheDuringRuns", hitCounters))
          .add("bare", Figures.of(bares.get(median)))
          .add("measuredPairsRequestsPerSecond", pairs.json())
          .add("warmUpRequestsPerSecond", warmUp.toJson())
          .add(
              "settings",
              settings
                  + "; GET /api/products/{id} vs GET /api/demo/bare/products/{id}, "
                  + HOT_PRODUCTS
                  + " ids drawn uniformly, each warmed up "
                  + Wrk.STEADY_DESCRIPTION
                  + ", then "
                  + ROUNDS
                  + " pairs of wrk -t"
                  + Wrk.THREADS
                  + " -c"
                  + Wrk.CONNECTIONS
                  + " -d"
                  + SECONDS
                  + "s --latency (bare, then hit); the ratio is the median of the pairs' ratios, the figures the median"
                  + " pair's")
          .build();
    }
  }

  /**
   * The index of the median of an odd number of values (of the lower middle one for an even
   * number).
   */
  static int medianIndex(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    return order[(values.length - 1) / 2];
  }

  /** The requests/s of each warm-up round, hits and bare endpoint. */
  record WarmUp(List<Double> hits, List<Double> bare) {
    JsonObject toJson() {
      return Json.createObjectBuilder().add("hits", rates(hits)).add("bare", rates(bare)).build();
    }

    static jakarta.json.JsonArray rates(List<Double> rates) {
      jakarta.json.JsonArrayBuilder array = Json.createArrayBuilder();
      rates.forEach(rate -> array.add(Math.round(rate)));
      return array.build();
    }
  }

  /** Warms the hot products' hits and the bare endpoint up, each until its throughput is steady. */
  WarmUp warmUp(BenchApp app, Catalog catalog) throws Exception {
    List<Double> hits = wrk.untilSteady(app.baseUrl(), "ids.lua", hot(catalog, "/api/products/"));
    List<Double> bare =
        wrk.untilSteady(app.baseUrl(), "ids.lua", hot(catalog, "/api/demo/bare/products/"));
    return new WarmUp(hits, bare);
  }

  /** Measures {@value #ROUNDS} pairs of the bare endpoint and the hits, after {@code warmUp}. */
  HitAndBare hitAndBare(BenchApp app, Catalog catalog, WarmUp warmUp) throws Exception {
    JsonObject before = app.cacheStatistics("products");
    RunPairs pairs =
        RunPairs.alternate(
            wrk,
            app.baseUrl(),
            "ids.lua",
            SECONDS,
            new RunPairs.Side("bare", hot(catalog, "/api/demo/bare/products/")),
            new RunPairs.Side("hit", hot(catalog, "/api/products/")));
    JsonObject after = app.cacheStatistics("products");
    return new HitAndBare(
        pairs.measured(),
        pairs.baseline(),
        difference(before, after, List.of("hits", "misses", "nearHits")),
        warmUp);
  }

  /**
   * The round-trip floor: {@value #ROUNDS} pairs of the bare endpoint and of the same endpoint
   * after one Redis round trip over the cache's own client ({@code GET
   * /api/demo/floor/products/{id}}: a one-line script reading a hash field), after a warm-up. No
   * hit that asks Redis anything can beat the floor on the machine that measured it, whatever the
   * cache does; {@code hitVsFloor} says how much of that best case a hit reaches.
   */
  record Floor(List<Wrk.Run> floors, List<Wrk.Run> bares, List<Double> warmUp) {
    double ratio() {
      return pairs().ratio();
    }

    private RunPairs pairs() {
      return new RunPairs("bare", bares, "floor", floors);
    }

    /**
     * The floor's figures and how close a hit whose ratio to the bare endpoint is {@code hitRatio}
     * comes to it.
     */
    JsonObject details(double hitRatio, String where) {
      return Json.createObjectBuilder()
          .add("floorVsBare", Figures.round(ratio(), 3))
          .add("hitVsFloor", Figures.round(hitRatio / ratio(), 3))
          .add("measuredPairsRequestsPerSecond", pairs().json())
          .add("warmUpRequestsPerSecond", WarmUp.rates(warmUp))
          .add(
              "settings",
              where
                  + "; GET /api/demo/floor/products/{id} (the bare product after one EVALSHA of"
                  + " `return redis.call('HGET', KEYS[1], ARGV[1])` over the cache's direct connections) vs GET"
                  + " /api/demo/bare/products/{id}, "
                  + ROUNDS
                  + " pairs of wrk -t"
                  + Wrk.THREADS
                  + " -c"
                  + Wrk.CONNECTIONS
                  + " -d"
                  + SECONDS
                  + "s after a warm-up "
                  + Wrk.STEADY_DESCRIPTION
                  + "; floorVsBare is the median pair's ratio, hitVsFloor the row's ratio over it")
          .build();
    }
  }

  /**
   * Measures the {@link Floor round-trip floor} on this boot, the bare endpoint being warm already.
   */
  Floor roundTripFloor(BenchApp app, Catalog catalog) throws Exception {
    List<Double> warmUp =
        wrk.untilSteady(app.baseUrl(), "ids.lua", hot(catalog, "/api/demo/floor/products/"));
    RunPairs pairs =
        RunPairs.alternate(
            wrk,
            app.baseUrl(),
            "ids.lua",
            SECONDS,
            new RunPairs.Side("bare", hot(catalog, "/api/demo/bare/products/")),
            new RunPairs.Side("floor", hot(catalog, "/api/demo/floor/products/")));
    return new Floor(pairs.measured(), pairs.baseline(), warmUp);
  }

  /** The requests/s of each round of the mix's warm-up: its writes alone, then the mix. */
  record MixWarmUp(List<Double> writes, List<Double> mix) {
    JsonObject toJson() {
      return Json.createObjectBuilder()
          .add("writesOnly", WarmUp.rates(writes))
          .add("mix", WarmUp.rates(mix))
          .build();
    }
  }

  /**
   * Warms the mix up: its writes alone (the same Zipf ids, every request a PUT) until their
   * throughput is steady, then the mix until steady. In the mix a write is one request in twenty,
   * so its code (the transaction, the invalidation, the write-through) is compiled long after the
   * reads': in a manual run, after two minutes of the mix a PUT still cost 9.0 ms of the app's CPU,
   * falling to 3.8 ms over the next 50 s of writes alone. Every boot that runs the mix, cached or
   * not, is warmed up the same way.
   */
  MixWarmUp mixUntilSteady(BenchApp app, Catalog catalog) throws Exception {
    List<Double> writes =
        wrk.untilSteady(app.baseUrl(), "zipf-mix.lua", mixArguments(catalog, 1.0));
    List<Double> mix =
        wrk.untilSteady(app.baseUrl(), "zipf-mix.lua", mixArguments(catalog, WRITE_SHARE));
    return new MixWarmUp(writes, mix);
  }

  /**
   * {@value #ROUNDS} measured runs of the mix, one after the other; the median one stands for them.
   */
  record MixRuns(List<Wrk.Run> runs) {
    Wrk.Run median() {
      return runs.get(medianIndex(rates().stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private List<Double> rates() {
      return runs.stream().map(Wrk.Run::requestsPerSecond).toList();
    }

    double requestsPerSecond() {
      return median().requestsPerSecond();
    }

    /** The median run's figures and statuses, and every run's requests/s. */
    JsonObjectBuilder details() {
      Wrk.Run median = median();
      JsonObjectBuilder statuses = Json.createObjectBuilder();
      median.statuses().forEach((status, count) -> statuses.add(String.valueOf(status), count));
      return Figures.of(median)
          .add("statuses", statuses)
          .add("measuredRunsRequestsPerSecond", WarmUp.rates(rates()));
    }
  }

  /**
   * {@value #ROUNDS} runs of the Zipf mix of reads and writes, {@value #SECONDS} s each; fails on
   * any status but 200, and 409 (a write that lost a race).
   */
  MixRuns mix(BenchApp app, Catalog catalog) throws Exception {
    List<Wrk.Run> runs = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Wrk.Run run =
          wrk.run(app.baseUrl(), "zipf-mix.lua", SECONDS, mixArguments(catalog, WRITE_SHARE));
      for (Map.Entry<Integer, Long> status : run.statuses().entrySet()) {
        if (status.getKey() != 200 && status.getKey() != 409) {
          throw new IOException(
              status.getValue()
                  + " responses "
                  + status.getKey()
                  + " in the mix:\n"
                  + run.output());
        }
      }
      runs.add(run);
    }
    return new MixRuns(runs);
  }

  private static List<String> mixArguments(Catalog catalog, double writeShare) {
    return List.of(
        "/api/products/",
        String.valueOf(catalog.firstId()),
        String.valueOf(catalog.count()),
        String.valueOf(ZIPF_S),
        String.valueOf(writeShare),
        String.valueOf(catalog.categoryId()));
  }

  /**
   * Reads every product once, {@value #PREFILL_CALLERS} callers at a time, so that the cached mix
   * runs in the steady state of a cache that has seen traffic for a while within its TTL: every
   * product cached. Returns the seconds it took.
   */
  static double prefill(BenchApp app, Catalog catalog) throws Exception {
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(PREFILL_CALLERS);
    try {
      List<Future<String>> reads = new ArrayList<>();
      for (int i = 0; i < catalog.count(); i++) {
        long id = catalog.firstId() + i;
        reads.add(pool.submit(() -> app.get("api/products/" + id)));
      }
      for (Future<String> read : reads) {
        read.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /** {@code counters} of the cache that changed between two snapshots of its statistics. */
  static JsonObject difference(JsonObject before, JsonObject after, List<String> counters) {
    JsonObjectBuilder result = Json.createObjectBuilder();
    for (String counter : counters) {
      if (after.get(counter) instanceof JsonNumber end) {
        long start = before.get(counter) instanceof JsonNumber b ? b.longValue() : 0;
        result.add(counter, end.longValue() - start);
      }
    }
    return result.build();
  }

  private static List<String> hot(Catalog catalog, String prefix) {
    return List.of(prefix, String.valueOf(catalog.firstId()), String.valueOf(HOT_PRODUCTS));
  }
}
