package dev.granular.bench;

import jakarta.json.Json;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link InterceptorOverheadBenchmark} with JMH (one fork per method) and makes the interceptor_overhead row. */
final class InterceptorOverhead {

  private InterceptorOverhead() {}

  static Row run(String redisUrl, Path out) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(InterceptorOverheadBenchmark.class.getName() + "\\.")
            .jvmArgsAppend("-DREDIS_URL=" + redisUrl, "-Xmx256m",
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""))
            .resultFormat(ResultFormatType.JSON)
            .result(out.resolve("jmh.json").toString())
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, double[]> byMethod = new HashMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      byMethod.put(method, new double[] {result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()});
    }
    double[] hit = byMethod.get("cacheResultHit");
    double[] get = byMethod.get("jcacheGet");
    return Row.measured("interceptor_overhead", hit[0] / get[0], Row.Goal.atMost(1.15),
        Json.createObjectBuilder()
            .add("cacheResultHitNsPerOp", Figures.round(hit[0], 0))
            .add("cacheResultHitErrorNs", Figures.round(hit[1], 0))
            .add("jcacheGetNsPerOp", Figures.round(get[0], 0))
            .add("jcacheGetErrorNs", Figures.round(get[1], 0))
            .add("settings", "JMH 1.37, average time, 1 fork per method, 1 thread, warm-up 3 x 2 s, 5 x 2 s;"
                + " Weld SE + private redis-server on loopback; @CacheResult hit of BenchLoader.locked(\"hot\") vs"
                + " Cache.get of the same entry via RedisCacheManager.cache (the interceptor's own JCache cache)")
            .build());
  }
}
