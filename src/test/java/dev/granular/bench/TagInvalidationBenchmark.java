package dev.granular.bench;

import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.redis.JsonValueCodec;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.tag.RedisTagRegistry;
import dev.granular.cache.tag.TagNames;
import dev.granular.cache.tag.TaggedValue;
import dev.granular.testredis.PrivateRedis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;

/**
 * Invalidating one tag that N entries depend on, for N = 1k, 10k and 100k ({@code mvn
 * -Pbench-tags}; other sizes as arguments). The entries are written the way the library writes them
 * (tagged JSON values in the cache's hash, one member each in the tag's entry set), on a private
 * Redis. Measured per N: the {@code invalidate} call, the time from its return until the background
 * clean-up has emptied the hash and deleted the set, the longest single Redis command in that
 * window (SLOWLOG, every command logged) and the highest latency event (LATENCY LATEST, threshold 1
 * ms). Then the clean-up of a small group invalidated just after the largest one: the time until
 * each is freed; and a burst of invalidations of one-entry groups from several callers, as a stream
 * of writes makes them: how fast they are made and how fast their clean-ups keep up.
 *
 * <p>The table goes to standard output: it is the program's result, not a log.
 */
public final class TagInvalidationBenchmark {

  private static final Logger LOG = Logger.getLogger(TagInvalidationBenchmark.class.getName());
  private static final List<Integer> SIZES = List.of(1_000, 10_000, 100_000);
  private static final int FILL_CHUNK = 1_000;
  private static final long CLEANUP_TIMEOUT_NANOS = 300_000_000_000L;
  private static final int SMALL_GROUP = 10;
  private static final int BURST = 4_000;
  private static final int BURST_CALLERS = 8;

  /** The cached value: small, like a product view. */
  public record Product(long id, String name, long categoryId, String price) {}

  record Result(
      int entries,
      double invalidateMs,
      double cleanupMs,
      SlowCommand longest,
      LatencyEvent latency) {}

  private final int port;
  private final RedissonClient client;
  private final RedisCacheManager caches;
  private final RedisTagRegistry registry;

  private TagInvalidationBenchmark(
      int port, RedissonClient client, RedisCacheManager caches, RedisTagRegistry registry) {
    this.port = port;
    this.client = client;
    this.caches = caches;
    this.registry = registry;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes =
        args.length == 0 ? SIZES : List.of(args).stream().map(Integer::valueOf).toList();
    try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.freePort())) {
      System.setProperty("REDIS_URL", redis.url());
      RedisConnection connection = new RedisConnection();
      RedissonClient client = connection.client();
      try {
        RedisCacheManager caches = new RedisCacheManager(connection);
        RedisTagRegistry registry =
            new RedisTagRegistry(
                connection, caches, new dev.granular.cache.stats.CacheStatisticsRegistry(), null);
        TagInvalidationBenchmark benchmark =
            new TagInvalidationBenchmark(redis.port(), client, caches, registry);
        benchmark.warmUp();
        List<Result> results = new ArrayList<>();
        for (int n : sizes) {
          results.add(benchmark.run(n));
        }
        System.out.print(table(results));
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        System.out.println(benchmark.smallBehindLarge(largest, SMALL_GROUP));
        System.out.println(benchmark.burst(BURST, BURST_CALLERS));
        checkCleanupThreadIsDaemon();
      } finally {
        client.shutdown();
      }
    }
  }

  /** Loads the classes and scripts and warms the JIT, so the first size does not pay for them. */
  private void warmUp() {
    for (int round = 0; round < 3; round++) {
      String tag = "bench:warm-up-" + round;
      Map<String, String> versions =
          registry.versionsSince(List.of(tag), registry.clock()).orElseThrow();
      fill("bench-warm-up", tag, versions, 1_000);
      registry.invalidate(List.of(tag));
      awaitCleanup(RedisCacheManager.redisName("bench-warm-up"), entriesKey(tag));
    }
  }

  private Result run(int n) throws Exception {
    String cacheName = "bench-n" + n;
    String tag = "category:bench-" + n;
    String hash = RedisCacheManager.redisName(cacheName);
    String set = entriesKey(tag);
    Map<String, String> versions =
        registry.versionsSince(List.of(tag), registry.clock()).orElseThrow();

    long filling = System.nanoTime();
    fill(cacheName, tag, versions, n);
    LOG.info(
        () ->
            String.format(
                "%s: %d entries written and tracked in %.0f ms",
                cacheName, n, millisSince(filling)));
    long fields = reply("HLEN", hash);
    long members = reply("ZCARD", set);
    expect(fields == n, hash + " holds " + fields + " fields, expected " + n);
    expect(reply("HEXISTS", hash, "0") == 1, hash + " has no field named after the entry of key 0");
    expect(members == n, set + " holds " + members + " members, expected " + n);
    expect(registry.isCurrent(versions), "the versions should be current before the invalidation");

    startMonitors();
    long started = System.nanoTime();
    registry.invalidate(List.of(tag));
    double invalidateMs = millisSince(started);
    long invalidated = System.nanoTime();
    awaitCleanup(hash, set);
    double cleanupMs = millisSince(invalidated);
    LatencyEvent latency = LatencyEvent.highest(port);
    SlowCommand longest = stopMonitors();

    expect(
        !registry.isCurrent(versions), "the old versions are still current after the invalidation");
    expect(registry.dependents(tag) == 0, "the entry set of " + tag + " survived the clean-up");
    return new Result(n, invalidateMs, cleanupMs, longest, latency);
  }

  /**
   * Invalidates a group of {@code large} entries, then one of {@code small}, and reports when the
   * clean-up of each completed: the small one shares the one clean-up thread with the large one.
   */
  private String smallBehindLarge(int large, int small) throws Exception {
    String largeTag = "category:behind-" + large;
    String smallTag = "category:small-" + small;
    Map<String, String> largeVersions =
        registry.versionsSince(List.of(largeTag), registry.clock()).orElseThrow();
    Map<String, String> smallVersions =
        registry.versionsSince(List.of(smallTag), registry.clock()).orElseThrow();
    fill("bench-behind", largeTag, largeVersions, large);
    fill("bench-small", smallTag, smallVersions, small);

    long started = System.nanoTime();
    CompletableFuture<Void> largeDone = registry.invalidate(List.of(largeTag)).cleanedUp();
    CompletableFuture<Void> smallDone = registry.invalidate(List.of(smallTag)).cleanedUp();
    CompletableFuture<Double> smallMs = smallDone.thenApply(done -> millisSince(started));
    CompletableFuture<Double> largeMs = largeDone.thenApply(done -> millisSince(started));
    double smallFreed =
        smallMs.get(CLEANUP_TIMEOUT_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
    double largeFreed =
        largeMs.get(CLEANUP_TIMEOUT_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
    expect(
        registry.dependents(smallTag) == 0 && registry.dependents(largeTag) == 0,
        "a group survived its clean-up");
    return String.format(
        "A group of %d invalidated just after one of %d: freed in %.1f ms (the large one in %.1f ms)",
        small, large, smallFreed, largeFreed);
  }

  /**
   * {@code count} invalidations of distinct one-entry groups from {@code callers} threads at once,
   * as fast as they go: the invalidations per second, and when the last clean-up completed (the
   * clean-ups share the one thread).
   */
  private String burst(int count, int callers) throws Exception {
    String cacheName = "bench-burst";
    List<String> tags = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tags.add("product:burst-" + i);
    }
    Map<String, String> versions = registry.versionsSince(tags, registry.clock()).orElseThrow();
    JsonCache cache =
        new JsonCache(
            cacheName,
            caches.cache(cacheName),
            new JsonValueCodec(Product.class),
            caches.settings(cacheName));
    Map<Object, Object> values = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String tag = tags.get(i);
      values.put(
          (long) i,
          new TaggedValue(
              Map.of(tag, versions.get(tag)), new Product(i, "Product " + i, 0, "1.00")));
    }
    cache.putAll(values);
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      CompletableFuture.allOf(
              java.util.stream.IntStream.range(0, count)
                  .mapToObj(
                      i ->
                          CompletableFuture.runAsync(
                              () ->
                                  registry.track(
                                      Map.of(tags.get(i), versions.get(tags.get(i))),
                                      cacheName,
                                      cache.entryName((long) i)),
                              threads))
                  .toArray(CompletableFuture[]::new))
          .join();
      List<CompletableFuture<Void>> cleanedUp =
          java.util.Collections.synchronizedList(new ArrayList<>(count));
      long started = System.nanoTime();
      CompletableFuture.allOf(
              tags.stream()
                  .map(
                      tag ->
                          CompletableFuture.runAsync(
                              () -> cleanedUp.add(registry.invalidate(List.of(tag)).cleanedUp()),
                              threads))
                  .toArray(CompletableFuture[]::new))
          .join();
      double invalidatedMs = millisSince(started);
      CompletableFuture.allOf(cleanedUp.toArray(CompletableFuture[]::new))
          .get(CLEANUP_TIMEOUT_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
      double freedMs = millisSince(started);
      long left = reply("HLEN", RedisCacheManager.redisName(cacheName));
      expect(left == 0, left + " entries of the burst survived their clean-ups");
      return String.format(
          "A burst of %d invalidations of one-entry groups from %d callers: made in %.0f ms (%.0f/s), every entry"
              + " freed after %.0f ms (%.0f clean-ups/s)",
          count,
          callers,
          invalidatedMs,
          count / invalidatedMs * 1000,
          freedMs,
          count / freedMs * 1000);
    } finally {
      threads.shutdown();
    }
  }

  /**
   * Writes n tagged entries through the JSON view in chunks, and tracks each through the registry.
   */
  private void fill(String cacheName, String tag, Map<String, String> versions, int n) {
    JsonCache cache =
        new JsonCache(
            cacheName,
            caches.cache(cacheName),
            new JsonValueCodec(Product.class),
            caches.settings(cacheName));
    ExecutorService trackers = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<Void>> tracked = new ArrayList<>(n);
      for (int from = 0; from < n; from += FILL_CHUNK) {
        Map<Object, Object> values = new HashMap<>();
        for (long id = from; id < Math.min(n, from + FILL_CHUNK); id++) {
          values.put(id, new TaggedValue(versions, new Product(id, "Product " + id, n, "19.90")));
          String entry = cache.entryName(id);
          tracked.add(
              CompletableFuture.runAsync(
                  () -> registry.track(Map.of(tag, versions.get(tag)), cacheName, entry),
                  trackers));
        }
        cache.putAll(values);
      }
      CompletableFuture.allOf(tracked.toArray(CompletableFuture[]::new)).join();
    } finally {
      trackers.shutdown();
    }
  }

  private void startMonitors() throws IOException {
    PrivateRedis.command(port, "CONFIG", "SET", "latency-monitor-threshold", "1");
    PrivateRedis.command(port, "LATENCY", "RESET");
    // Every command is logged: keep them all, not just the last 128, so the longest one is among
    // them.
    PrivateRedis.command(port, "CONFIG", "SET", "slowlog-max-len", "1000000");
    PrivateRedis.command(port, "SLOWLOG", "RESET");
    PrivateRedis.command(port, "CONFIG", "SET", "slowlog-log-slower-than", "0");
  }

  /**
   * Switches both monitors off before reading the slow log, whose reply (every command of the
   * clean-up) is itself slow, then empties both so that neither the reading nor the freeing shows
   * up in the next measurement.
   */
  private SlowCommand stopMonitors() throws IOException {
    PrivateRedis.command(port, "CONFIG", "SET", "slowlog-log-slower-than", "-1");
    PrivateRedis.command(port, "CONFIG", "SET", "latency-monitor-threshold", "0");
    SlowCommand longest = SlowCommand.longest(port);
    PrivateRedis.command(port, "SLOWLOG", "RESET");
    PrivateRedis.command(port, "LATENCY", "RESET");
    return longest;
  }

  /**
   * Waits until the cache's hash is empty (Redis then deletes it) and the tag's entry set is gone,
   * asking every millisecond: often enough for the resolution wanted, rarely enough not to compete
   * with the clean-up.
   */
  private void awaitCleanup(String hash, String set) {
    long deadline = System.nanoTime() + CLEANUP_TIMEOUT_NANOS;
    while (client.getKeys().countExists(hash, set) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("clean-up did not finish: " + hash + ", " + set);
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the clean-up", e);
      }
    }
  }

  /** The documented layout, spelled out here to check that the library produced it. */
  private static String entriesKey(String tag) {
    return "cache:tag-dependents:{" + TagNames.escape(tag) + "}";
  }

  private long reply(String... words) throws IOException {
    return (Long) RespReply.command(port, words);
  }

  private static void checkCleanupThreadIsDaemon() {
    Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("cache-tag-cleanup"))
        .forEach(t -> expect(t.isDaemon(), "the tag clean-up thread would keep the JVM alive"));
  }

  private static void expect(boolean condition, String failure) {
    if (!condition) {
      throw new IllegalStateException(failure);
    }
  }

  private static double millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e6;
  }

  static String table(List<Result> results) {
    StringBuilder table = new StringBuilder();
    String format = "%8s | %13s | %10s | %-56s | %s%n";
    table.append(
        String.format(
            format,
            "N",
            "invalidate ms",
            "cleanup ms",
            "longest command µs (name)",
            "latency max ms"));
    table.append(
        String.format(
            format, "-".repeat(8), "-".repeat(13), "-".repeat(10), "-".repeat(56), "-".repeat(14)));
    for (Result r : results) {
      table.append(
          String.format(
              format,
              r.entries(),
              String.format("%.2f", r.invalidateMs()),
              String.format("%.1f", r.cleanupMs()),
              r.longest(),
              r.latency()));
    }
    return table.toString();
  }
}
