package dev.granular.cache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.lock.RedissonRefillLock;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.RedisTagRegistry;
import dev.granular.testredis.LocalRedisCluster;
import dev.granular.testredis.PrivateRedis;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link TopologyContract} on a Redis Cluster of three masters. Every call goes through
 * Redisson's cluster client, so a script or command that touched keys of two slots would fail with
 * CROSSSLOT; the caches of the tag test live on different masters, so a tag reaches entries across
 * the cluster.
 */
class RedisClusterIT extends TopologyContract {

  private static LocalRedisCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalRedisCluster.start(3);
    boot(
        Map.of(
            "REDIS_MODE", "cluster",
            "REDIS_URL", cluster.addresses(),
            "cache.topo-near.near", "true",
            "cache.stats.report-interval", "1s"));
  }

  @AfterAll
  static void stop() {
    closeContainer();
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  void assertPlacement(List<String> cacheHashes) throws Exception {
    Set<Integer> masters = new HashSet<>();
    for (String hash : cacheHashes) {
      masters.add(cluster.portHolding(hash));
    }
    assertTrue(!masters.contains(-1), "every hash is on a master: " + masters);
    assertTrue(
        cacheHashes.size() < 2 || masters.size() >= 2,
        "the caches live on several masters: " + masters);
  }

  @Test
  void anInvalidationReachesAnotherInstancesNearCache() throws Exception {
    try (WeldRedis second = new WeldRedis(Map.of(), "second-instance")) {
      TopologyCatalog other = second.get(TopologyCatalog.class);
      String shelf = unique("near-shelf");
      String key = unique("near");
      catalog.write(key, "old");
      other.write(key, "old");
      assertEquals("old", other.nearby(shelf, key));
      int loads = other.loads("nearby");
      // a near cache serves once its instance has heard its own probe on the channel: a
      // subscription that works
      CacheStatisticsRegistry otherStatistics = second.get(CacheStatisticsRegistry.class);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (otherStatistics.of("topo-near").snapshot().nearHits() == 0
          && System.nanoTime() < deadline) {
        assertEquals("old", other.nearby(shelf, key));
        Thread.sleep(50);
      }
      assertTrue(
          otherStatistics.of("topo-near").snapshot().nearHits() > 0,
          "the other instance holds a near copy, which only the invalidation message can drop");
      assertEquals(loads, other.loads("nearby"));

      catalog.write(key, "new");
      other.write(key, "new");
      invalidations.invalidateNow(
          List.of("shelf:" + shelf)); // on this instance; the message crosses the cluster

      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      String seen = other.nearby(shelf, key);
      while (!"new".equals(seen) && System.nanoTime() < deadline) {
        Thread.sleep(20);
        seen = other.nearby(shelf, key);
      }
      assertEquals("new", seen, "the other instance dropped its near copy (its TTL is a minute)");
    }
  }

  @Test
  void statisticsAreReportedToTheCluster() throws Exception {
    catalog.write("stats", "v");
    catalog.item("s", "stats");
    catalog.item("s", "stats");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int port = -1;
    while (port < 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      port = cluster.portHolding("cache:stats:cache:topo-items");
    }
    assertTrue(port > 0, "the statistics reporter wrote cache:stats:cache:topo-items on a master");
  }

  @Test
  void everyKeyOfACacheSharesItsSlot() throws Exception {
    String hash = RedisCacheManager.redisName("topo-items");
    catalog.write("k", "v");
    catalog.item("s", "k");
    int slot = cluster.slotOf(hash);
    assertEquals(
        slot, cluster.slotOf("jcache_timeout_set:{" + hash + "}"), "Redisson's expiry set");
    assertEquals(
        slot,
        cluster.slotOf(RedissonRefillLock.lockName("topo-items", "\"k\"")),
        "the refill lock");
  }

  @Test
  void aHitReadsAllItsVersionsWithOneMget() throws Exception {
    String key = unique("one-mget");
    catalog.write(key, "v");
    catalog.item("s1", key); // its versions: the tag, the entry, the cache and the global one
    for (int port : cluster.ports()) {
      PrivateRedis.command(port, "CONFIG", "RESETSTAT");
    }
    int loads = catalog.loads("item");

    catalog.item("s1", key);

    assertEquals(loads, catalog.loads("item"), "a hit");
    long mgets = 0;
    for (int port : cluster.ports()) {
      mgets += calls(port, "mget");
    }
    assertEquals(1, mgets, "four versions in one slot: one MGET on one master");
  }

  @Test
  void aRefreshAheadHitReadsItsEntryAndExpiryWithOneScriptBesideTheMget() throws Exception {
    String key = unique("fresh-commands");
    catalog.write(key, "v");
    catalog.fresh(key); // stored with the 2 s TTL; the hits below are outside the 1.5 s window
    int loads = catalog.loads("fresh");
    int entryMaster = cluster.portHolding(RedisCacheManager.redisName("topo-fresh"));
    // The statistics reporter sends scripts of its own every second: a hit whose counts it
    // interleaved is measured again (a few times at most).
    Map<Integer, Long> scripts = Map.of();
    long mgets = 0;
    for (int attempt = 0; attempt < 5; attempt++) {
      for (int port : cluster.ports()) {
        PrivateRedis.command(port, "CONFIG", "RESETSTAT");
      }
      assertEquals("v", catalog.fresh(key));
      scripts = new HashMap<>();
      mgets = 0;
      for (int port : cluster.ports()) {
        long here =
            calls(port, "eval")
                + calls(port, "evalsha")
                + calls(port, "eval_ro")
                + calls(port, "evalsha_ro");
        if (here > 0) {
          scripts.put(port, here);
        }
        mgets += calls(port, "mget");
      }
      if (scripts.equals(Map.of(entryMaster, 1L)) && mgets == 1) {
        break;
      }
    }

    assertEquals(loads, catalog.loads("fresh"), "hits, none due");
    assertEquals(
        Map.of(entryMaster, 1L),
        scripts,
        "the entry and its expiry time in one script, on the entry's master");
    assertEquals(1, mgets, "the versions in one MGET, sent with it");
  }

  /**
   * How many times the master on {@code port} ran {@code command} since its last {@code CONFIG
   * RESETSTAT}.
   */
  private static long calls(int port, String command) throws Exception {
    String stats = PrivateRedis.command(port, "INFO", "commandstats");
    Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(stats);
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  @Test
  void theClockAndAllTagVersionsShareOneSlot() throws Exception {
    String shelf = unique("shelf");
    catalog.write("k", "v");
    catalog.item(shelf, "k");
    invalidations.invalidateNow(List.of("shelf:" + shelf, "race:x"));
    int slot = cluster.slotOf("cache:{tags}:clock");
    assertEquals(slot, cluster.slotOf(RedisTagRegistry.versionKey("shelf:" + shelf)));
    assertEquals(slot, cluster.slotOf(RedisTagRegistry.versionKey("race:x")));
    assertTrue(cluster.portHolding("cache:{tags}:clock") > 0, "the clock is where the keys say");
    assertEquals(
        cluster.portHolding("cache:{tags}:clock"),
        cluster.portHolding(RedisTagRegistry.versionKey("shelf:" + shelf)),
        "the versions are written next to it");
  }
}
