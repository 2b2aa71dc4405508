package dev.granular.cache.lockit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.lock.RedissonRefillLock;
import dev.granular.cache.lock.RefillLock;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.support.Deployments;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RLock;

/**
 * Inside Payara Micro: a refill-lock holder that dies or stalls blocks the others no longer than
 * the lease (1 s here), and a holder that comes back after its lease does not overwrite the newer
 * value.
 */
@ExtendWith(ArquillianExtension.class)
class RefillLockIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.application("locks").addClasses(StallingLoader.class);
  }

  @Inject StallingLoader loader;
  @Inject RedisConnection redis;
  @Inject CacheStatisticsRegistry statistics;
  @Inject RefillLock refillLock;

  @Test
  void aLockTakenOverTheDirectConnectionsIsRedissonsLockAndItsReleaseWakesRedissonsWaiters()
      throws Exception {
    assertTrue(
        redis.direct().isPresent(),
        "one server over redis://: the lock goes over the direct connections");
    String entry = "\"direct" + System.nanoTime() + "\"";
    RLock lock = redis.client().getLock(RedissonRefillLock.lockName("it-lease", entry));
    long callsBefore = redis.direct().get().stats().calls();

    RefillLock.Attempt held =
        refillLock.acquire("it-lease", entry, Duration.ZERO, Duration.ofSeconds(30));

    assertTrue(held.acquired());
    assertTrue(
        redis.direct().get().stats().calls() > callsBefore, "taken over the direct connections");
    assertTrue(lock.isHeldByCurrentThread(), "Redisson sees this thread as the holder");
    assertTrue(held.stillHeld());
    RefillLock.Attempt other =
        CompletableFuture.supplyAsync(
                () -> refillLock.acquire("it-lease", entry, Duration.ZERO, Duration.ofSeconds(30)))
            .get(5, TimeUnit.SECONDS);
    assertFalse(other.acquired(), "another thread finds it taken");
    assertTrue(other.timedOut(), "and, not waiting, loads without storing");
    // A waiter through Redisson, as on a contended caller or another instance: its wait (10 s) and
    // the lease (30 s) are far longer than the time it is given, so only the release's message can
    // wake it in time.
    CompletableFuture<Long> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              long started = System.nanoTime();
              try {
                assertTrue(lock.tryLock(10, 30, TimeUnit.SECONDS), "the waiter got the lock");
                lock.unlock();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return (System.nanoTime() - started) / 1_000_000;
            });
    Thread.sleep(300);
    assertFalse(waiter.isDone(), "the waiter waits while the lock is held");

    held.close();

    assertTrue(waiter.get(5, TimeUnit.SECONDS) < 5_000);
    assertFalse(lock.isLocked(), "the waiter released it in turn");
    assertFalse(held.stillHeld());
  }

  @Test
  void aDeadHolderBlocksNoLongerThanTheLease() throws Exception {
    String key = "dead" + System.nanoTime();
    Thread holder =
        new Thread(
            () -> {
              RLock lock =
                  redis
                      .client()
                      .getLock(RedissonRefillLock.lockName("it-lease", "\"" + key + "\""));
              try {
                lock.tryLock(0, 1000, TimeUnit.MILLISECONDS); // then "dies" without unlocking
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    holder.start();
    holder.join();

    long started = System.nanoTime();
    String value = loader.load(key);
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;

    assertTrue(value.startsWith("new-"), value);
    // Bounded by the 1 s lease, not the 5 s wait; the slack is for a loaded 2-core machine.
    assertTrue(
        waitedMillis < 3500,
        "waited " + waitedMillis + " ms for a 1000 ms lease (the wait is 5 s)");
    assertTrue(waitedMillis >= 500, "it did wait for the lock: " + waitedMillis + " ms");
  }

  @Test
  void aStalledHolderBlocksNoLongerThanTheLeaseAndDoesNotOverwriteTheNewerValue() throws Exception {
    String key = "stall" + System.nanoTime();
    long refusedBefore = statistics.of("it-lease").snapshot().refusedStores();
    loader.stallNextRun(3000);
    CompletableFuture<String> stalled =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return loader.load(key);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(200); // the stalled loader holds the lock now

    long started = System.nanoTime();
    String fresh = loader.load(key);
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(fresh.startsWith("new-"), fresh);
    assertTrue(
        waitedMillis < 3500,
        "waited " + waitedMillis + " ms for a 1000 ms lease (the wait is 5 s)");

    assertTrue(stalled.get().startsWith("old-"), "the stalled loader still answers its own caller");
    assertEquals(fresh, loader.load(key), "the stalled loader did not overwrite the newer value");
    assertEquals(refusedBefore + 1, statistics.of("it-lease").snapshot().refusedStores());
  }
}
