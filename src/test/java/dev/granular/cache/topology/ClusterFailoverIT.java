package dev.granular.cache.topology;

import dev.granular.testredis.LocalRedisCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link FailoverContract} on a Redis Cluster of three masters with a replica each: the master
 * of the {@code {tags}} slot (the invalidation clock and every tag version) is killed, and the
 * cluster promotes its replica.
 */
class ClusterFailoverIT extends FailoverContract {

  private static final String TAGS_SLOT_KEY = "cache:{tags}:clock";

  private static LocalRedisCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalRedisCluster.start(3, true);
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
  int awaitTakeover(int oldPort) throws Exception {
    cluster.awaitSlotServed(TAGS_SLOT_KEY, oldPort, Duration.ofSeconds(30));
    return cluster.portHolding(TAGS_SLOT_KEY);
  }

  @Test
  void aKilledTagMasterKeepsTheCacheServingAndLosesNoWrite() throws Exception {
    runThrough("Cluster, master of {tags} killed", () -> cluster.killMasterOf(TAGS_SLOT_KEY));
  }
}
