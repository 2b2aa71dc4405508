package dev.granular.bench;

import dev.granular.cache.CacheAnnotationsExtension;
import dev.granular.cache.redis.RedisCacheManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH, in process: a {@code @CacheResult} hit through the library's interceptor ({@link
 * BenchLoader#locked}, the default path with its refill lock and stale-set checks) against a plain
 * {@code Cache.get} of the same entry on the same Redis, through the same JCache cache that the
 * interceptor uses ({@link RedisCacheManager#cache}). The library boots in Weld SE on the Redis
 * named by {@code REDIS_URL}, as in {@code RefillLockBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InterceptorOverheadBenchmark {

  private WeldContainer container;
  private BenchLoader loader;
  private Cache<String, String> cache;
  private String key;
  private int loadsBefore;

  @Setup
  public void setUp() throws Exception {
    container =
        new Weld()
            .disableDiscovery()
            .addExtension(new CacheAnnotationsExtension())
            .addPackages(true, CacheAnnotationsExtension.class)
            .addBeanClasses(BenchLoader.class)
            .initialize();
    loader = container.select(BenchLoader.class).get();
    loader.locked("hot");
    loader.locked("hot");
    cache = container.select(RedisCacheManager.class).get().cache(BenchLoader.LOCKED);
    List<String> keys = new ArrayList<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    if (keys.size() != 1 || cache.get(keys.get(0)) == null) {
      throw new IllegalStateException(
          "expected the one entry of locked(\"hot\") in " + BenchLoader.LOCKED + ": " + keys);
    }
    key = keys.get(0);
    loadsBefore = loader.lockedLoads();
  }

  @TearDown
  public void tearDown() {
    int loads = loader.lockedLoads() - loadsBefore;
    container.shutdown();
    if (loads != 0) {
      throw new IllegalStateException(
          "the cached method ran " + loads + " times while measured: not all hits");
    }
  }

  @Benchmark
  public String cacheResultHit() throws InterruptedException {
    return loader.locked("hot");
  }

  @Benchmark
  public String jcacheGet() {
    return cache.get(key);
  }
}
