package dev.granular.cache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.lock.RedissonRefillLock;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.tag.TagRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * A cache of 4 partitions ({@code cache.portability-shelf.partitions=4}), through the annotations
 * in Weld SE ({@link WeldRedis}) against the tests' Redis: entries spread over 4 hashes and nothing
 * is stored under the unpartitioned name; hits, tag eviction, {@code @CacheRemoveAll} and single
 * flight behave as on one hash. (The spread over Cluster masters is shown by the Cluster tests.)
 */
class PartitionedCacheIT {

  private static final int PARTITIONS = 4;
  private static final String PARTITIONS_KEY = "cache." + PartitionedShelf.CACHE + ".partitions";

  private static WeldRedis weld;
  private static RedissonClient redis;
  private static PartitionedShelf shelf;

  @BeforeAll
  static void boot() {
    String port = System.getProperty("test.redis.port");
    assertNotNull(port, "the build passes the tests' Redis port as test.redis.port");
    String url = "redis://127.0.0.1:" + port;
    Config config = new Config();
    config.setCodec(StringCodec.INSTANCE);
    config.useSingleServer().setAddress(url);
    redis = Redisson.create(config);
    redis.getKeys().deleteByPattern("*" + PartitionedShelf.CACHE + "*");
    weld =
        new WeldRedis(
            Map.of("REDIS_URL", url, PARTITIONS_KEY, String.valueOf(PARTITIONS)),
            "partitioned-cache",
            PartitionedShelf.class);
    shelf = weld.get(PartitionedShelf.class);
  }

  @AfterAll
  static void shutDown() {
    if (weld != null) {
      weld.close();
    }
    if (redis != null) {
      redis.shutdown();
    }
  }

  @Test
  void entriesSpreadOverThePartitionsAndBehaveAsInOneCache() {
    int before = shelf.loads();
    for (int i = 0; i < 200; i++) {
      shelf.item("spread-" + i);
    }
    for (int i = 0; i < 200; i++) {
      shelf.item("spread-" + i);
    }
    assertEquals(before + 200, shelf.loads(), "the second round is all hits");

    long total = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      long entries =
          redis.getMap(RedisCacheManager.partitionName(PartitionedShelf.CACHE, p)).size();
      assertTrue(entries > 20, "partition " + p + " holds " + entries + " of 200");
      total += entries;
    }
    assertTrue(total >= 200, "every entry is in a partition: " + total);
    assertFalse(
        redis.getKeys().countExists(RedisCacheManager.redisName(PartitionedShelf.CACHE)) > 0,
        "nothing under the unpartitioned name");

    String entry = "\"spread-7\"";
    String lock = RedissonRefillLock.lockName(PartitionedShelf.CACHE, entry);
    assertTrue(
        lock.startsWith("lock:{" + RedisCacheManager.hashOf(PartitionedShelf.CACHE, entry) + "}"),
        lock);
    assertTrue(RedisCacheManager.hashOf(PartitionedShelf.CACHE, entry).matches(".*:p[0-3]"), lock);
  }

  @Test
  void tagsAndRemoveAllReachEveryPartition() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      items.add("tagged-" + i);
      shelf.item("tagged-" + i);
    }
    int loaded = shelf.loads();
    weld.get(TagRegistry.class).invalidate(Set.of("shelf-item:tagged-3", "shelf-item:tagged-30"));
    items.forEach(shelf::item);
    assertEquals(
        loaded + 2,
        shelf.loads(),
        "exactly the two tagged entries were voided, wherever they live");

    shelf.clear();
    int cleared = shelf.loads();
    items.forEach(shelf::item);
    assertEquals(cleared + items.size(), shelf.loads(), "@CacheRemoveAll voided every partition");
  }

  @Test
  void concurrentMissesOnOneKeyLoadOnce() throws Exception {
    String item = "flight-" + System.nanoTime();
    int before = shelf.loads();
    shelf.slowLoads(300);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return shelf.item(item);
                }));
      }
      start.countDown();
      String first = results.get(0).get();
      for (Future<String> result : results) {
        assertEquals(first, result.get(), "every caller got the one load's value");
      }
    } finally {
      shelf.slowLoads(0);
      pool.shutdownNow();
    }
    assertEquals(before + 1, shelf.loads(), "8 concurrent misses, one load");
    assertNotEquals(0, PARTITIONS);
  }
}
