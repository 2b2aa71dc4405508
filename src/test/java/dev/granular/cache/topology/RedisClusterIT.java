package dev.granular.cache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.lock.RedissonRefillLock;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.tag.RedisTagRegistry;
import dev.granular.cache.tag.TagInvalidations;
import dev.granular.testredis.LocalRedisCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library on a real Redis Cluster of three masters, in Weld SE. Every cached call goes through Redisson's
 * cluster client, so a command or script that touched keys of two slots would fail with CROSSSLOT: the library fails
 * open on it, which these tests see as a load where a hit was due, or a stale value where a miss was due.
 */
class RedisClusterIT {

  private static LocalRedisCluster cluster;
  private static WeldRedis weld;
  private static TopologyCatalog catalog;
  private static TagInvalidations invalidations;

  @BeforeAll
  static void boot() throws Exception {
    cluster = LocalRedisCluster.start(3);
    weld = new WeldRedis(Map.of("REDIS_MODE", "cluster", "REDIS_URL", cluster.addresses()));
    catalog = weld.get(TopologyCatalog.class);
    invalidations = weld.get(TagInvalidations.class);
  }

  @AfterAll
  static void shutDown() {
    if (weld != null) {
      weld.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void resultsAreCachedAndHitOnTheCluster() throws Exception {
    String key = unique("item");
    catalog.write(key, "first");
    int before = catalog.loads("item");

    assertEquals("first", catalog.item("s0", key));
    assertEquals("first", catalog.item("s0", key));
    assertEquals("first", catalog.item("s0", key));

    assertEquals(before + 1, catalog.loads("item"), "the second and third calls are hits (a CROSSSLOT failure would miss)");
    assertTrue(cluster.portHolding(RedisCacheManager.redisName("topo-items")) > 0, "the cache's hash is on a master");
  }

  @Test
  void aTagVoidsEntriesOfCachesOnDifferentMasters() throws Exception {
    String shelf = unique("shelf");
    String key = unique("row");
    catalog.write(key, "old");
    catalog.item(shelf, key);
    catalog.label(shelf, key);
    catalog.note(shelf, key);
    Set<Integer> masters = new HashSet<>();
    for (String cache : List.of("topo-items", "topo-labels", "topo-notes")) {
      masters.add(cluster.portHolding(RedisCacheManager.redisName(cache)));
    }
    assertTrue(masters.size() >= 2 && !masters.contains(-1), "the three caches live on several masters: " + masters);
    int before = catalog.loads("item") + catalog.loads("label") + catalog.loads("note");

    catalog.write(key, "new");
    invalidations.invalidateNow(List.of("shelf:" + shelf));

    assertEquals("new", catalog.item(shelf, key));
    assertEquals("new", catalog.label(shelf, key));
    assertEquals("new", catalog.note(shelf, key));
    assertEquals(before + 3, catalog.loads("item") + catalog.loads("label") + catalog.loads("note"));
    assertEquals("new", catalog.item(shelf, key));
    assertEquals(before + 3, catalog.loads("item") + catalog.loads("label") + catalog.loads("note"), "hits again");
  }

  @Test
  void concurrentMissesOfOneKeyLoadOnce() throws Exception {
    String key = unique("slow");
    catalog.write(key, "value");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return catalog.slow(key);
                }));
      }
      int before = catalog.loads("slow");
      go.countDown();
      for (Future<String> result : results) {
        assertEquals("value", result.get(20, TimeUnit.SECONDS));
      }
      assertEquals(before + 1, catalog.loads("slow"), threads + " concurrent misses ran the method once");
    } finally {
      pool.shutdownNow();
    }
    String lock = RedissonRefillLock.lockName("topo-slow", "\"" + key + "\"");
    assertEquals(
        cluster.slotOf(RedisCacheManager.redisName("topo-slow")), cluster.slotOf(lock), "the lock shares the slot");
  }

  @Test
  void aLoadRacingAnInvalidationIsNotStored() throws Exception {
    String key = unique("race");
    catalog.write(key, "old");
    catalog.holdNextLoad();
    CompletableFuture<String> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return catalog.racing(key);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertTrue(catalog.awaitLoadStarted(), "the load started");
    catalog.write(key, "new");
    invalidations.invalidateNow(List.of("race:" + key)); // the writer commits while the reader still loads
    catalog.releaseLoad();
    assertEquals("old", reader.get(20, TimeUnit.SECONDS), "the racing caller gets what it loaded");

    int loads = catalog.loads("racing");
    assertEquals("new", catalog.racing(key), "the old value was not stored");
    assertEquals(loads + 1, catalog.loads("racing"));
    assertEquals("new", catalog.racing(key));
    assertEquals(loads + 1, catalog.loads("racing"), "the fresh load was stored");
  }

  @Test
  void everyKeyOfACacheSharesItsSlot() throws Exception {
    String hash = RedisCacheManager.redisName("topo-items");
    catalog.write("k", "v");
    catalog.item("s", "k");
    int slot = cluster.slotOf(hash);
    assertEquals(slot, cluster.slotOf("jcache_timeout_set:{" + hash + "}"));
    assertEquals(slot, cluster.slotOf(RedissonRefillLock.lockName("topo-items", "\"k\"")));
    assertEquals(
        cluster.slotOf(RedisTagRegistry.versionKey("shelf:s")),
        cluster.slotOf(RedisTagRegistry.versionKey("race:x")),
        "all tag versions share one slot");
  }

  private static String unique(String prefix) {
    return prefix + "-" + System.nanoTime();
  }
}
