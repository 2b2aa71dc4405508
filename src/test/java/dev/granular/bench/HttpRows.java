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
 * The rows measured over HTTP with wrk ({@value Wrk#THREADS} threads, {@value Wrk#CONNECTIONS} connections, on the
 * same machine as the app): each ratio divides two throughputs measured one after the other in the same boot, or in
 * two boots of the same run.
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

  /** Two wrk runs: hits of cached products and the bare endpoint, over the same {@value #HOT_PRODUCTS} ids. */
  record HitAndBare(Wrk.Run hit, Wrk.Run bare, JsonObject hitCounters, WarmUp warmUp) {
    double ratio() {
      return hit.requestsPerSecond() / bare.requestsPerSecond();
    }

    JsonObject details(String settings) {
      return Json.createObjectBuilder()
          .add("cachedHit", Figures.of(hit).add("productsCacheDuringRun", hitCounters))
          .add("bare", Figures.of(bare))
          .add("warmUpRequestsPerSecond", warmUp.toJson())
          .add("settings", settings + "; GET /api/products/{id} vs GET /api/demo/bare/products/{id}, "
              + HOT_PRODUCTS + " ids drawn uniformly, each warmed up " + Wrk.STEADY_DESCRIPTION + ", then wrk -t" + Wrk.THREADS + " -c" + Wrk.CONNECTIONS + " -d" + SECONDS + "s --latency, bare first")
          .build();
    }
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
    List<Double> bare = wrk.untilSteady(app.baseUrl(), "ids.lua", hot(catalog, "/api/demo/bare/products/"));
    return new WarmUp(hits, bare);
  }

  /** Measures the bare endpoint and the hits, after {@code warmUp}. */
  HitAndBare hitAndBare(BenchApp app, Catalog catalog, WarmUp warmUp) throws Exception {
    Wrk.Run bare = wrk.run(app.baseUrl(), "ids.lua", SECONDS, hot(catalog, "/api/demo/bare/products/"));
    JsonObject before = app.cacheStatistics("products");
    Wrk.Run hit = wrk.run(app.baseUrl(), "ids.lua", SECONDS, hot(catalog, "/api/products/"));
    JsonObject after = app.cacheStatistics("products");
    return new HitAndBare(hit, bare, difference(before, after, List.of("hits", "misses", "nearHits")), warmUp);
  }

  /** The requests/s of each round of the mix's warm-up: its writes alone, then the mix. */
  record MixWarmUp(List<Double> writes, List<Double> mix) {
    JsonObject toJson() {
      return Json.createObjectBuilder().add("writesOnly", WarmUp.rates(writes)).add("mix", WarmUp.rates(mix)).build();
    }
  }

  /**
   * Warms the mix up: its writes alone (the same Zipf ids, every request a PUT) until their throughput is steady, then
   * the mix until steady. In the mix a write is one request in twenty, so its code (the transaction, the invalidation,
   * the write-through) is compiled long after the reads': in a manual run, after two minutes of the mix a PUT still
   * cost 9.0 ms of the app's CPU, falling to 3.8 ms over the next 50 s of writes alone. Every boot that runs the mix,
   * cached or not, is warmed up the same way.
   */
  MixWarmUp mixUntilSteady(BenchApp app, Catalog catalog) throws Exception {
    List<Double> writes = wrk.untilSteady(app.baseUrl(), "zipf-mix.lua", mixArguments(catalog, 1.0));
    List<Double> mix = wrk.untilSteady(app.baseUrl(), "zipf-mix.lua", mixArguments(catalog, WRITE_SHARE));
    return new MixWarmUp(writes, mix);
  }

  /** The Zipf mix of reads and writes; fails on any status but 200, and 409 (a write that lost a race). */
  Wrk.Run mix(BenchApp app, Catalog catalog, int seconds) throws Exception {
    Wrk.Run run = wrk.run(app.baseUrl(), "zipf-mix.lua", seconds, mixArguments(catalog, WRITE_SHARE));
    for (Map.Entry<Integer, Long> status : run.statuses().entrySet()) {
      if (status.getKey() != 200 && status.getKey() != 409) {
        throw new IOException(status.getValue() + " responses " + status.getKey() + " in the mix:\n"
            + run.output());
      }
    }
    return run;
  }

  private static List<String> mixArguments(Catalog catalog, double writeShare) {
    return List.of(
        "/api/products/", String.valueOf(catalog.firstId()), String.valueOf(catalog.count()),
        String.valueOf(ZIPF_S), String.valueOf(writeShare), String.valueOf(catalog.categoryId()));
  }

  static JsonObjectBuilder mixDetails(Wrk.Run run) {
    JsonObjectBuilder statuses = Json.createObjectBuilder();
    run.statuses().forEach((status, count) -> statuses.add(String.valueOf(status), count));
    return Figures.of(run).add("statuses", statuses);
  }

  /**
   * Reads every product once, {@value #PREFILL_CALLERS} callers at a time, so that the cached mix runs in the steady
   * state of a cache that has seen traffic for a while within its TTL: every product cached. Returns the seconds it
   * took.
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
