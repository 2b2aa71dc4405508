package dev.granular.cache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.lock.RedissonRefillLock;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.tag.RedisTagRegistry;
import dev.granular.testredis.LocalRedisCluster;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link TopologyContract} on a Redis Cluster of three masters. Every call goes through Redisson's cluster
 * client, so a script or command that touched keys of two slots would fail with CROSSSLOT; the caches of the tag
 * test live on different masters, so a tag reaches entries across the cluster.
 */
class RedisClusterIT extends TopologyContract {

  private static LocalRedisCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalRedisCluster.start(3);
    boot(Map.of("REDIS_MODE", "cluster", "REDIS_URL", cluster.addresses()));
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
    assertTrue(cacheHashes.size() < 2 || masters.size() >= 2, "the caches live on several masters: " + masters);
  }

  @Test
  void everyKeyOfACacheSharesItsSlot() throws Exception {
    String hash = RedisCacheManager.redisName("topo-items");
    catalog.write("k", "v");
    catalog.item("s", "k");
    int slot = cluster.slotOf(hash);
    assertEquals(slot, cluster.slotOf("jcache_timeout_set:{" + hash + "}"), "Redisson's expiry set");
    assertEquals(slot, cluster.slotOf(RedissonRefillLock.lockName("topo-items", "\"k\"")), "the refill lock");
  }

  @Test
  void aHitReadsAllItsVersionsWithOneMget() throws Exception {
    String key = unique("one-mget");
    catalog.write(key, "v");
    catalog.item("s1", key); // its versions: the tag, the entry, the cache and the global one
    for (int port : cluster.ports()) {
      dev.granular.testredis.PrivateRedis.command(port, "CONFIG", "RESETSTAT");
    }
    int loads = catalog.loads("item");

    catalog.item("s1", key);

    assertEquals(loads, catalog.loads("item"), "a hit");
    long mgets = 0;
    for (int port : cluster.ports()) {
      String stats = dev.granular.testredis.PrivateRedis.command(port, "INFO", "commandstats");
      java.util.regex.Matcher calls = java.util.regex.Pattern.compile("cmdstat_mget:calls=(\\d+)").matcher(stats);
      mgets += calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
    assertEquals(1, mgets, "four versions in one slot: one MGET on one master");
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
