package dev.granular.cache.topology;

import dev.granular.testredis.LocalRedisSentinel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@link FailoverContract} on a master, a replica and three Sentinels: first the Sentinels are
 * asked for a failover (the old master turns replica, and keeps acknowledging writes for about a
 * second that are then lost), then the master is killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelFailoverIT extends FailoverContract {

  private static LocalRedisSentinel redis;

  @BeforeAll
  static void start() throws Exception {
    redis = LocalRedisSentinel.start();
    boot(
        Map.of(
            "REDIS_MODE",
            "sentinel",
            "REDIS_URL",
            redis.sentinelAddresses(),
            "REDIS_SENTINEL_MASTER",
            LocalRedisSentinel.MASTER));
  }

  @AfterAll
  static void stop() {
    closeContainer();
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  int awaitTakeover(int oldPort) throws Exception {
    return redis.awaitNewMaster(oldPort, Duration.ofSeconds(30));
  }

  @Test
  @Order(1)
  void aRequestedFailoverKeepsTheCacheServingAndLosesNoWrite() throws Exception {
    runThrough(
        "SENTINEL FAILOVER",
        () -> {
          int old = redis.masterPort();
          redis.failover();
          return old;
        });
    redis.awaitReplicaInSync(
        Duration.ofSeconds(30)); // the old master, now a replica, for the next test
  }

  @Test
  @Order(2)
  void aKilledMasterKeepsTheCacheServingAndLosesNoWrite() throws Exception {
    runThrough("Sentinel, master killed", redis::killMaster);
  }
}
