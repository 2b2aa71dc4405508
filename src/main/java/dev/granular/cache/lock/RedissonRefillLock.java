package dev.granular.cache.lock;

import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.redis.RedisCircuit;
import dev.granular.cache.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RLock;

/**
 * {@link RefillLock} on Redisson's {@link RLock}: the lock of entry {@code 42} of {@code products}
 * is {@code lock:{cache:v1:products}:42}, in the Cluster slot of the cache itself. Waiting uses
 * Redisson's pub/sub notification, so a waiter wakes as soon as the loader releases. With an
 * explicit lease Redisson's watchdog is off: a holder that dies frees the key after the lease.
 * Unlocking checks ownership, so a holder whose lease lapsed never deletes the next holder's lock.
 * If Redis cannot be reached the attempt reports neither acquired nor timed out, and the caller
 * loads without the lock.
 *
 * <p>On a single server over the direct connections, the lock is taken, released and checked over
 * them, in Redisson's format ({@link DirectLockCalls}): an uncontended refill or write-through then
 * makes no Redisson call, whose thread hand-offs cost more than the command on a small machine.
 * Only a caller that finds the lock taken waits through Redisson.
 */
@ApplicationScoped
public class RedissonRefillLock implements RefillLock {

  private static final Logger LOG = Logger.getLogger(RedissonRefillLock.class.getName());

  private RedisConnection redis;

  protected RedissonRefillLock() {}

  @Inject
  public RedissonRefillLock(RedisConnection redis) {
    this.redis = redis;
  }

  /**
   * The Redis key of an entry's refill lock, in the Cluster slot of the hash that holds the entry
   * (its partition's, for a partitioned cache), so the locks of a large cache spread over the
   * masters with its entries.
   */
  public static String lockName(String cacheName, String entryName) {
    return "lock:{" + RedisCacheManager.hashOf(cacheName, entryName) + "}:" + entryName;
  }

  @Override
  public Attempt acquire(String cacheName, String entryName, Duration wait, Duration lease) {
    long started = System.nanoTime();
    if (redis.circuit().isOpen()) {
      return new Held(null, false, false, 0);
    }
    try {
      String name = lockName(cacheName, entryName);
      Optional<DirectConnections> direct = redis.direct();
      if (direct.isPresent()) {
        DirectLockCalls calls = new DirectLockCalls(direct.get());
        String holder = DirectLockCalls.holder(redis.client().getId());
        if (redis.circuit().call(() -> calls.tryLock(name, holder, lease)) == null) {
          return new DirectlyHeld(
              calls, name, holder, lease, redis.circuit(), System.nanoTime() - started);
        }
        if (wait.isZero() || wait.isNegative()) {
          return new Held(null, false, true, System.nanoTime() - started);
        }
        // Taken: wait as Redisson does (its pub/sub wakes the waiter at the release, direct or
        // not); its first step tries once more, which costs a contended caller one round trip, and
        // the uncontended none.
      }
      RLock lock = redis.client().getLock(name);
      boolean acquired = redis.circuit().call(() -> tryLock(lock, wait, lease));
      return new Held(lock, acquired, !acquired, System.nanoTime() - started);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Refill lock unavailable for " + cacheName + ", loading without it: " + e);
      return new Held(null, false, false, System.nanoTime() - started);
    }
  }

  private static boolean tryLock(RLock lock, Duration wait, Duration lease) {
    try {
      return lock.tryLock(wait.toMillis(), lease.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * A lock taken over the direct connections; released and checked over them, on the thread that
   * took it.
   */
  private record DirectlyHeld(
      DirectLockCalls calls,
      String name,
      String holder,
      Duration lease,
      RedisCircuit circuit,
      long waitedNanos)
      implements Attempt {

    @Override
    public boolean acquired() {
      return true;
    }

    @Override
    public boolean timedOut() {
      return false;
    }

    @Override
    public boolean stillHeld() {
      try {
        return circuit.call(() -> calls.held(name, holder));
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public void close() {
      try {
        circuit.call(
            () ->
                calls.unlock(name, holder, lease)); // false: our lease ran out, nothing to release
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Refill lock release failed; its lease frees it", e);
      }
    }
  }

  private record Held(RLock lock, boolean acquired, boolean timedOut, long waitedNanos)
      implements Attempt {

    @Override
    public boolean stillHeld() {
      try {
        return acquired && lock.isHeldByCurrentThread();
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public void close() {
      if (!acquired) {
        return;
      }
      try {
        lock.unlock(); // checks ownership in Redis: a lapsed lease never frees the next holder's
        // lock
      } catch (IllegalMonitorStateException lapsed) {
        // our lease ran out and someone else may hold the lock now: nothing to release
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Refill lock release failed; its lease frees it", e);
      }
    }
  }
}
