package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link InterceptorOverheadBenchmark} with JMH and makes the interceptor_overhead row.
 *
 * <p>On a noisy machine the speed drifts by more than the difference measured: two methods run one
 * after the other compare the drift as much as the code. So the two run in alternating rounds (hit
 * then get, get then hit, ...), one fork each per round, and the row's ratio is the median of the
 * rounds' ratios, each dividing two figures measured within a minute of each other.
 */
final class InterceptorOverhead {

  static final int ROUNDS = 5;
  private static final String HIT = "cacheResultHit";
  private static final String GET = "jcacheGet";
  private static final String ALLOCATED = "gc.alloc.rate.norm";

  private InterceptorOverhead() {}

  static Row run(String redisUrl, Path out) throws Exception {
    double[] ratios = new double[ROUNDS];
    List<double[]> hits = new ArrayList<>();
    List<double[]> gets = new ArrayList<>();
    JsonArrayBuilder rounds = Json.createArrayBuilder();
    for (int round = 0; round < ROUNDS; round++) {
      boolean hitFirst = round % 2 == 0;
      double[] first = measure(hitFirst ? HIT : GET, redisUrl, out, round);
      double[] second = measure(hitFirst ? GET : HIT, redisUrl, out, round);
      double[] hit = hitFirst ? first : second;
      double[] get = hitFirst ? second : first;
      hits.add(hit);
      gets.add(get);
      ratios[round] = hit[0] / get[0];
      rounds.add(
          Json.createObjectBuilder()
              .add("hitNsPerOp", Figures.round(hit[0], 0))
              .add("hitErrorNs", Figures.round(hit[1], 0))
              .add("hitBytesPerOp", Figures.round(hit[2], 0))
              .add("getNsPerOp", Figures.round(get[0], 0))
              .add("getErrorNs", Figures.round(get[1], 0))
              .add("getBytesPerOp", Figures.round(get[2], 0))
              .add("ratio", Figures.round(ratios[round], 3))
              .add("first", hitFirst ? HIT : GET));
    }
    double ratio = median(ratios);
    return Row.measured(
        "interceptor_overhead",
        ratio,
        Row.Goal.atMost(1.15),
        Json.createObjectBuilder()
            .add("cacheResultHitNsPerOp", Figures.round(median(hits, 0), 0))
            .add("jcacheGetNsPerOp", Figures.round(median(gets, 0), 0))
            .add("cacheResultHitBytesPerOp", Figures.round(median(hits, 2), 0))
            .add("jcacheGetBytesPerOp", Figures.round(median(gets, 2), 0))
            .add("nearHit", nearHit(out))
            .add(
                "roundRatios",
                Arrays.toString(Arrays.stream(ratios).map(r -> Figures.round(r, 3)).toArray()))
            .add("rounds", rounds)
            .add(
                "settings",
                "JMH 1.37, average time, 1 thread; "
                    + ROUNDS
                    + " alternating rounds, each one fork per"
                    + " method (warm-up 3 x 1 s, 5 x 1 s); ratio = median of the rounds' ratios; Weld SE + private"
                    + " redis-server on loopback; @CacheResult hit of BenchLoader.locked(\"hot\") vs Cache.get of the same"
                    + " entry via RedisCacheManager.cache (the interceptor's own JCache cache); bytes per op:"
                    + " JMH's GC profiler (gc.alloc.rate.norm), everything the calling thread allocated; nearHit:"
                    + " NearHitBenchmark, one fork, no Redis involved")
            .build());
  }

  /**
   * What a near hit costs in process: a whole {@code @CacheResult} call answered by the near cache,
   * and the lookup.
   */
  private static JsonObjectBuilder nearHit(Path out) throws RunnerException {
    Options options =
        oneFork(
            NearHitBenchmark.class.getName() + "\\.", out.resolve("jmh-near-hit.json"), "-Xmx256m");
    JsonObjectBuilder near = Json.createObjectBuilder();
    for (RunResult result : new Runner(options).run()) {
      String method =
          result
              .getParams()
              .getBenchmark()
              .substring(NearHitBenchmark.class.getName().length() + 1);
      near.add(method + "NsPerOp", Figures.round(result.getPrimaryResult().getScore(), 1))
          .add(method + "BytesPerOp", Figures.round(bytesPerOp(result), 0));
    }
    return near;
  }

  private static double bytesPerOp(RunResult result) {
    Result<?> allocated = result.getSecondaryResults().get(ALLOCATED);
    return allocated == null ? Double.NaN : allocated.getScore();
  }

  private static double median(List<double[]> figures, int index) {
    return median(figures.stream().mapToDouble(f -> f[index]).toArray());
  }

  /** One fork of one method: {score, error} in ns/op, and the bytes it allocated per op. */
  private static double[] measure(String method, String redisUrl, Path out, int round)
      throws Exception {
    Options options =
        oneFork(
            InterceptorOverheadBenchmark.class.getName() + "\\." + method + "$",
            out.resolve("jmh-" + round + "-" + method + ".json"),
            "-DREDIS_URL=" + redisUrl,
            "-Xmx256m",
            "-Djava.util.logging.config.file="
                + System.getProperty("java.util.logging.config.file", ""));
    Collection<RunResult> results = new Runner(options).run();
    RunResult result = results.iterator().next();
    return new double[] {
      result.getPrimaryResult().getScore(),
      result.getPrimaryResult().getScoreError(),
      bytesPerOp(result)
    };
  }

  /**
   * The benchmarks matching {@code include} in one fork (3 x 1 s warm-up, 5 x 1 s), with JMH's GC
   * profiler.
   */
  private static Options oneFork(String include, Path result, String... jvmArgs) {
    return new OptionsBuilder()
        .include(include)
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(1))
        .addProfiler(GCProfiler.class)
        .jvmArgsAppend(jvmArgs)
        .resultFormat(ResultFormatType.JSON)
        .result(result.toString())
        .build();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
