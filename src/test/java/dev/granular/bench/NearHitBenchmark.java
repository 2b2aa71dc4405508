package dev.granular.bench;

import dev.granular.cache.interceptor.NearHitFixture;
import dev.granular.cache.near.NearCache;
import dev.granular.cache.near.NearCacheSettings;
import dev.granular.cache.near.NearCaches;
import dev.granular.cache.tag.EntryTags;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What a near hit costs in process (JMH, average time per call): the near cache lookup alone, and a
 * whole {@code @CacheResult} call through the interceptor that the near cache answers (no Redis
 * involved). Run:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) dev.granular.bench.NearHitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NearHitBenchmark {

  private static final Logger LOG = Logger.getLogger(NearHitBenchmark.class.getName());

  private NearCache near;
  private NearHitFixture interceptor;
  private final Long key = 42L;

  @Setup
  public void setUp() {
    NearCaches caches =
        new NearCaches(
            name -> new NearCacheSettings(true, 10_000, Duration.ofMinutes(10)),
            NearCaches::connected);
    near = caches.of("products");
    for (long id = 0; id < 10_000; id++) {
      caches.offer(
          near,
          id,
          "product " + id,
          Set.of("product:" + id, "#products:" + id, EntryTags.ALL),
          caches.sequence(),
          Long.MAX_VALUE);
    }
    interceptor = new NearHitFixture(true);
  }

  @Benchmark
  public Object nearCacheGet() {
    return near.get(key);
  }

  @Benchmark
  public Object interceptorNearHit() throws Exception {
    return interceptor.call();
  }

  public static void main(String[] args) throws Exception {
    for (RunResult result :
        new Runner(new OptionsBuilder().include(NearHitBenchmark.class.getSimpleName()).build())
            .run()) {
      LOG.info(
          () ->
              String.format(
                  "%s: %.1f ns per near hit (± %.1f)",
                  result.getParams().getBenchmark(),
                  result.getPrimaryResult().getScore(),
                  result.getPrimaryResult().getScoreError()));
    }
  }
}
