package dev.granular.bench;

import dev.granular.cache.CacheAnnotationsExtension;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.testredis.PrivateRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.redisson.api.RBucket;

/**
 * What {@code mvn -Pbench-lock} runs: the cost of the refill lock, measured in one run against a
 * private Redis. The library alone boots in Weld SE (as in {@code WeldSePortabilityIT}) with {@link
 * BenchLoader}, whose two methods differ only in {@code @RefillLocked(enabled = false)}. The
 * variants run in alternating rounds, so both see the same noise: misses (a new key per call) at
 * two load costs, hits (one fixed key), and a stampede of {@value #STAMPEDE_THREADS} callers
 * missing one key at once. The table is the program's output, so it goes to standard out; the same
 * figures go to the JSON file named by the first argument.
 */
public final class RefillLockBenchmark {

  private static final Logger LOG = Logger.getLogger(RefillLockBenchmark.class.getName());

  static final int ROUND = 50;
  static final int WARMUP_MISSES =
      5_000; // on 2 CPUs, fewer leave JIT stalls in the locked path's tail
  static final int MISSES = 2_000;
  static final long[] MISS_LOAD_MILLIS = {0, 1};
  static final int WARMUP_HITS = 20_000;
  static final int HITS = 20_000;
  static final int STAMPEDE_THREADS = 32;
  static final int STAMPEDE_TRIALS = 5;
  static final long STAMPEDE_LOAD_MILLIS = 50;

  /** One way of calling the cache. */
  interface Call {
    String call(String key) throws Exception;
  }

  /** A cached method and the count of its real loads. */
  record Variant(Call call, IntSupplier loads) {}

  private final BenchLoader loader;
  private final Variant locked;
  private final Variant unlocked;
  private final AtomicLong keys = new AtomicLong();
  private long sink; // consumes every result

  RefillLockBenchmark(BenchLoader loader) {
    this.loader = loader;
    this.locked = new Variant(loader::locked, loader::lockedLoads);
    this.unlocked = new Variant(loader::unlocked, loader::unlockedLoads);
  }

  public static void main(String[] args) throws Exception {
    Path json = Path.of(args.length > 0 ? args[0] : "target/bench/refill-lock.json");
    try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.freePort())) {
      System.setProperty("REDIS_URL", redis.url());
      WeldContainer container =
          new Weld()
              .disableDiscovery()
              .addExtension(new CacheAnnotationsExtension())
              .addPackages(true, CacheAnnotationsExtension.class)
              .addBeanClasses(BenchLoader.class)
              .initialize();
      try {
        BenchReport report =
            new RefillLockBenchmark(container.select(BenchLoader.class).get()).run(container);
        System.out.println(report.table());
        report.writeJson(json);
        LOG.info(() -> "Wrote " + json.toAbsolutePath());
      } finally {
        container.shutdown(); // closes the library's Redisson client
      }
    }
  }

  BenchReport run(WeldContainer container) throws Exception {
    List<Comparison> cases = new ArrayList<>();
    LOG.info("Warming up");
    loader.loadMillis(0);
    interleaved(WARMUP_MISSES, this::newKey);
    primeHotKey();
    interleaved(WARMUP_HITS, () -> "hot");
    for (long millis : MISS_LOAD_MILLIS) {
      LOG.info(() -> "Misses with a " + millis + " ms load");
      loader.loadMillis(millis);
      cases.add(interleaved("miss, load " + millis + " ms", MISSES, this::newKey));
    }
    LOG.info("Hits");
    cases.add(interleaved("hit, fixed key", HITS, () -> "hot"));
    Latencies roundTrip = redisRoundTrip(container.select(RedisConnection.class).get());
    LOG.info("Stampedes");
    loader.loadMillis(STAMPEDE_LOAD_MILLIS);
    List<Stampede.Trial> lockedTrials = new ArrayList<>();
    List<Stampede.Trial> unlockedTrials = new ArrayList<>();
    try (Stampede stampede = new Stampede(STAMPEDE_THREADS)) {
      stampede.run(locked, "stampede-" + newKey()); // warm-up, not recorded
      stampede.run(unlocked, "stampede-" + newKey());
      for (int trial = 0; trial < STAMPEDE_TRIALS; trial++) {
        boolean lockedFirst = trial % 2 == 0; // alternate who goes first
        (lockedFirst ? lockedTrials : unlockedTrials)
            .add(stampede.run(lockedFirst ? locked : unlocked, "stampede-" + newKey()));
        (lockedFirst ? unlockedTrials : lockedTrials)
            .add(stampede.run(lockedFirst ? unlocked : locked, "stampede-" + newKey()));
      }
    }
    var statistics = container.select(CacheStatisticsRegistry.class).get().snapshot();
    return new BenchReport(cases, roundTrip, lockedTrials, unlockedTrials, statistics);
  }

  private void primeHotKey() throws Exception {
    sink += locked.call().call("hot").length() + unlocked.call().call("hot").length();
  }

  private String newKey() {
    return "k" + keys.incrementAndGet();
  }

  private Comparison interleaved(String label, int calls, Supplier<String> key) throws Exception {
    int lockedBefore = locked.loads().getAsInt();
    int unlockedBefore = unlocked.loads().getAsInt();
    long[][] nanos = interleaved(calls, key);
    return new Comparison(
        label,
        Latencies.of(nanos[0]),
        Latencies.of(nanos[1]),
        locked.loads().getAsInt() - lockedBefore,
        unlocked.loads().getAsInt() - unlockedBefore);
  }

  /**
   * Rounds of {@link #ROUND} calls per variant, the variant going first alternating from round to
   * round.
   */
  private long[][] interleaved(int calls, Supplier<String> key) throws Exception {
    Variant[] variants = {locked, unlocked};
    long[][] nanos = new long[2][calls];
    for (int done = 0, round = 0; done < calls; done += ROUND, round++) {
      int size = Math.min(ROUND, calls - done);
      for (int turn = 0; turn < 2; turn++) {
        int v = (round + turn) % 2;
        for (int i = 0; i < size; i++) {
          String k = key.get();
          long started = System.nanoTime();
          String value = variants[v].call().call(k);
          nanos[v][done + i] = System.nanoTime() - started;
          sink += value.length();
        }
      }
    }
    return nanos;
  }

  /**
   * One Redis GET through the library's own client, without the library: the unit the lock's cost
   * is made of.
   */
  private Latencies redisRoundTrip(RedisConnection redis) {
    RBucket<String> bucket = redis.client().getBucket("bench:round-trip");
    bucket.set("x");
    long[] nanos = new long[HITS];
    for (int i = 0; i < HITS; i++) {
      long started = System.nanoTime();
      sink += bucket.get().length();
      nanos[i] = System.nanoTime() - started;
    }
    return Latencies.of(nanos);
  }
}
