package dev.granular.cache.redis;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A circuit breaker in front of Redis, so an outage costs a few timeouts, not one per request.
 *
 * <ul>
 *   <li><b>Closed</b>: calls go to Redis; {@code cache.redis.breaker.failures} (default 3)
 *       consecutive failures open it.
 *   <li><b>Open</b>: calls fail at once with {@link CacheUnavailableException} (the interceptors
 *       then fail open: the database serves). Every {@code cache.redis.breaker.probe-interval}
 *       (default 500 ms) a background probe pings Redis.
 *   <li><b>Recovery</b>: when a probe succeeds, the recovery actions run first (the tag registry
 *       voids every entry written before or during the outage, whose invalidations may have been
 *       lost) and only then the circuit closes, so no request reads the cache before it is safe
 *       again.
 * </ul>
 *
 * A {@linkplain #read read} must also not return what a server gave before it was made safe. Two
 * guards see to it: an answer is dropped when the circuit opened while the call ran, and a {@link
 * Fence} (under Sentinel, the {@link MasterWatch}) is asked before and after the call whether the
 * server is still the one the circuit last recovered on. Redisson tells of a new master only after
 * it has started sending commands there, so the first reads on a promoted replica would otherwise
 * return entries whose invalidations it never received.
 */
public final class RedisCircuit {

  private static final Logger LOG = Logger.getLogger(RedisCircuit.class.getName());

  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final List<Runnable> recoveryActions = new CopyOnWriteArrayList<>();
  private final List<Runnable> tripActions = new CopyOnWriteArrayList<>();
  private final int threshold;
  private final Duration probeInterval;
  private final BooleanSupplier probe;
  private final ScheduledExecutorService prober;
  private volatile boolean open;
  private volatile long openedAt;

  /** How many times the circuit opened: a read that saw it change drops its answer. */
  private volatile long trips;

  private volatile Fence fence = Fence.NONE;

  /**
   * Says whether the server that answers now is still the one the cache was last made safe on;
   * throws a {@link CacheUnavailableException} (and opens the circuit) when it is not.
   */
  @FunctionalInterface
  public interface Fence {
    /** The fence of a server that cannot be replaced behind the client's back. */
    Fence NONE = () -> {};

    void check();
  }

  public RedisCircuit(BooleanSupplier probe) {
    this.probe = probe;
    this.threshold = (int) Math.max(1, Settings.getLong("cache.redis.breaker.failures", 3));
    this.probeInterval =
        Settings.getDuration("cache.redis.breaker.probe-interval", Duration.ofMillis(500));
    this.prober =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cache-redis-probe"));
  }

  /** Guards every {@link #read} with {@code fence} from now on. */
  public void fenceWith(Fence fence) {
    this.fence = fence;
  }

  /** Runs a Redis call, or fails at once while the circuit is open. */
  public <T> T call(Supplier<T> operation) {
    return invoke(operation, Fence.NONE);
  }

  /**
   * Runs a call whose answer is cached data, as {@link #call} does, and drops that answer with a
   * {@link CacheUnavailableException} when it may come from a server not yet made safe: the circuit
   * opened while the call ran, or the fence found another server before or after it (see the class
   * comment).
   */
  public <T> T read(Supplier<T> operation) {
    long generation = trips;
    T result = invoke(operation, fence);
    if (trips != generation) {
      throw new CacheUnavailableException(
          "the Redis circuit opened while this read ran: its answer is dropped");
    }
    return result;
  }

  private <T> T invoke(Supplier<T> operation, Fence guard) {
    if (open) {
      throw new CacheUnavailableException("Redis circuit open since " + openedAt);
    }
    try {
      guard.check();
      T result = operation.get();
      guard.check();
      consecutiveFailures.set(0);
      return result;
    } catch (RuntimeException e) {
      if (saysNothingOfRedis(e)) {
        throw e;
      }
      if (consecutiveFailures.incrementAndGet() >= threshold) {
        trip(e);
      }
      throw e;
    }
  }

  // The caller's thread was interrupted, while it waited for a connection, a write or a reply
  private static boolean saysNothingOfRedis(RuntimeException e) {
    return e instanceof RedisCallInterruptedException
        || e instanceof RedisReplyLostException lost && lost.byInterrupt();
  }

  public void run(Runnable operation) {
    call(
        () -> {
          operation.run();
          return null;
        });
  }

  /**
   * Opens the circuit now, whatever the failure count: for a write to Redis that must not be lost,
   * such as an invalidation. Recovery then voids every entry before the cache is used again.
   */
  public void openNow(RuntimeException cause) {
    trip(cause);
  }

  public boolean isOpen() {
    return open;
  }

  /** Runs {@code action} after an outage, before the circuit closes again. */
  public void onRecovery(Runnable action) {
    recoveryActions.add(action);
  }

  /**
   * Runs {@code action} each time the circuit opens, once it is open (for in-process copies to
   * drop).
   */
  public void onTrip(Runnable action) {
    tripActions.add(action);
  }

  private synchronized void trip(RuntimeException cause) {
    if (open) {
      return;
    }
    open = true;
    trips++; // only here, under the lock
    openedAt = System.currentTimeMillis();
    LOG.log(
        Level.WARNING, "Redis unavailable: cache bypassed, the database serves. Cause: " + cause);
    for (Runnable action : tripActions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Action on opening the Redis circuit failed", e);
      }
    }
    prober.schedule(this::probe, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void probe() {
    boolean recovered = false;
    try {
      // The fence before and after: the recovery must have voided the entries of the server reads
      // go to now
      fence.check();
      if (probe.getAsBoolean()) {
        recoveryActions.forEach(Runnable::run);
        fence.check();
        recovered = true;
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Redis still unavailable", e);
    }
    if (recovered) {
      consecutiveFailures.set(0);
      open = false;
      LOG.info(
          "Redis available again after "
              + (System.currentTimeMillis() - openedAt)
              + " ms: cache resumed");
    } else {
      prober.schedule(this::probe, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  public void shutdown() {
    prober.shutdownNow();
  }
}
