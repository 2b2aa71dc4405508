package dev.granular.cache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.testredis.LocalRedisCluster;
import dev.granular.testredis.PrivateRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A partitioned cache on a Redis Cluster of three masters: its entries spread over all of them (one
 * Redisson JCache hash would sit in one slot on one master), tags reach every partition, and a
 * read-heavy load is measured against the same load on an unpartitioned cache, whose entries all
 * live on one master. The throughputs are printed, not asserted: on a 2-core machine client and
 * servers share the cores.
 */
class PartitionSpreadIT {

  private static final Logger LOG = Logger.getLogger(PartitionSpreadIT.class.getName());
  private static final int PARTITIONS = 16;
  private static final int ENTRIES = 2000;

  private static LocalRedisCluster cluster;
  private static WeldRedis weld;
  private static SpreadShelf shelf;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalRedisCluster.start(3);
    weld =
        new WeldRedis(
            Map.of(
                "REDIS_MODE",
                "cluster",
                "REDIS_URL",
                cluster.addresses(),
                "cache." + SpreadShelf.SPREAD + ".partitions",
                String.valueOf(PARTITIONS)),
            "partition-spread",
            SpreadShelf.class);
    shelf = weld.get(SpreadShelf.class);
  }

  @AfterAll
  static void stop() {
    if (weld != null) {
      weld.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void entriesSpreadOverEveryMasterAndTagsReachThemAll() throws Exception {
    for (int i = 0; i < ENTRIES; i++) {
      shelf.spread("k" + i);
    }
    Map<Integer, Long> perMaster = new TreeMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      String hash = RedisCacheManager.partitionName(SpreadShelf.SPREAD, p);
      int port = cluster.portHolding(hash);
      perMaster.merge(port, hlen(port, hash), Long::sum);
    }
    LOG.info(
        () -> "entries per master (port=entries), " + PARTITIONS + " partitions: " + perMaster);
    assertEquals(3, perMaster.size(), "every master holds partitions: " + perMaster);
    long total = perMaster.values().stream().mapToLong(Long::longValue).sum();
    assertTrue(
        total >= ENTRIES,
        "every entry is in a partition (the other test may have added its own): " + total);
    for (long entries : perMaster.values()) {
      assertTrue(entries > total / 10, "no master is left nearly idle: " + perMaster);
    }

    int loads = shelf.loads();
    for (int i = 0; i < ENTRIES; i += 100) {
      shelf.spread("k" + i);
    }
    assertEquals(loads, shelf.loads(), "hits in every partition");
    weld.get(TagRegistry.class)
        .invalidate(Set.of("spread:k1", "spread:k2", "spread:k3", "spread:k4", "spread:k5"));
    for (int i = 1; i <= 5; i++) {
      shelf.spread("k" + i);
    }
    assertEquals(loads + 5, shelf.loads(), "each tag voided its entry, whichever master holds it");
  }

  @Test
  void readHeavyLoadOnThreeMastersAgainstOne() throws Exception {
    for (int i = 0; i < ENTRIES; i++) {
      shelf.spread("r" + i);
      shelf.one("r" + i);
    }
    int loads = shelf.loads();
    int onePort = cluster.portHolding(RedisCacheManager.redisName(SpreadShelf.ONE));
    Set<Integer> spreadPorts = new java.util.HashSet<>();
    for (int p = 0; p < PARTITIONS; p++) {
      spreadPorts.add(cluster.portHolding(RedisCacheManager.partitionName(SpreadShelf.SPREAD, p)));
    }
    throughput(shelf::one, 1); // warm-up of both paths
    throughput(shelf::spread, 1);
    double one = throughput(shelf::one, 3);
    double spread = throughput(shelf::spread, 3);
    assertEquals(loads, shelf.loads(), "every read was a hit");
    LOG.info(
        () ->
            String.format(
                "read-heavy hits, 8 threads, 3 s: %d partitions on %d masters %.0f hits/s, one hash on master %d %.0f hits/s,"
                    + " ratio %.2f",
                PARTITIONS, spreadPorts.size(), spread, onePort, one, spread / one));
    assertEquals(3, spreadPorts.size());
  }

  /** Hits per second of 8 threads reading random keys of the filled range for {@code seconds}. */
  private static double throughput(Function<String, String> read, int seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    LongAdder hits = new LongAdder();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < end) {
                    read.apply("r" + ThreadLocalRandom.current().nextInt(ENTRIES));
                    hits.increment();
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return hits.sum() / (double) seconds;
  }

  private static long hlen(int port, String hash) throws Exception {
    String reply = PrivateRedis.command(port, "HLEN", hash).trim();
    return Long.parseLong(reply.replaceAll("[^0-9]", ""));
  }
}
