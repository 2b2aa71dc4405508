package dev.granular.cache.lock;

import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.LuaScript;
import java.time.Duration;
import java.util.List;

/**
 * A refill lock's taking, release and check over the direct connections (a single server), in
 * Redisson's own lock format: a hash at the lock's name whose one field is the holder ({@code
 * <Redisson client id>:<thread id>}) with its hold count, expiring after the lease, and a release
 * that publishes {@code 0} on {@code redisson_lock__channel:<name>}. Redisson's waiters, on this
 * instance or another, see the same lock and wake at its release; a lock Redisson took is released
 * here only by its holder, and the other way round.
 *
 * <p>Each call is one script that is never sent twice ({@link DirectConnections#send}), as Redisson
 * sends its lock scripts without retries: a reply lost after the write leaves the lock to its
 * lease. Redisson's own release also writes, and later deletes, a short-lived latch key that makes
 * its retried releases answer alike; with no retries there is nothing for it to do here, so a
 * release is one command where Redisson's is two.
 */
final class DirectLockCalls {

  /**
   * Redisson's {@code RedissonLock.tryLockInnerAsync}: nil when taken (or taken again), else the
   * lease left (ms).
   */
  private static final LuaScript TRY_LOCK =
      LuaScript.of(
          """
          if (redis.call('exists', KEYS[1]) == 0) or (redis.call('hexists', KEYS[1], ARGV[2]) == 1) then
            redis.call('hincrby', KEYS[1], ARGV[2], 1)
            redis.call('pexpire', KEYS[1], ARGV[1])
            return nil
          end
          return redis.call('pttl', KEYS[1])
          """);

  /**
   * KEYS: lock, channel. ARGV: holder, lease (ms). Redisson's release without its latch: -1 when
   * the holder holds nothing (its lease lapsed), 0 when it still holds the lock (taken twice), 1
   * when released and waiters told.
   */
  private static final LuaScript UNLOCK =
      LuaScript.of(
          """
          if redis.call('hexists', KEYS[1], ARGV[1]) == 0 then return -1 end
          if redis.call('hincrby', KEYS[1], ARGV[1], -1) > 0 then
            redis.call('pexpire', KEYS[1], ARGV[2])
            return 0
          end
          redis.call('del', KEYS[1])
          redis.call('publish', KEYS[2], '0')
          return 1
          """);

  private static final LuaScript HELD =
      LuaScript.of("return redis.call('hexists', KEYS[1], ARGV[1])");

  private final DirectConnections direct;

  DirectLockCalls(DirectConnections direct) {
    this.direct = direct;
  }

  /**
   * Takes the lock for {@code holder} if free (or held by it already); null then, else the lease
   * left in ms.
   */
  Long tryLock(String name, String holder, Duration lease) {
    Object reply =
        direct
            .send(TRY_LOCK, List.of(name), List.of(String.valueOf(lease.toMillis()), holder))
            .await();
    return reply == null ? null : ((Number) reply).longValue();
  }

  /**
   * Releases one hold of {@code holder}; false when it held nothing any more (its lease lapsed).
   */
  boolean unlock(String name, String holder, Duration lease) {
    Object reply =
        direct
            .send(
                UNLOCK,
                List.of(name, channel(name)),
                List.of(holder, String.valueOf(lease.toMillis())))
            .await();
    return ((Number) reply).longValue() >= 0;
  }

  /** Whether {@code holder} holds the lock. */
  boolean held(String name, String holder) {
    return ((Number) direct.read(HELD, List.of(name), List.of(holder))).longValue() == 1;
  }

  /**
   * The channel Redisson's waiters for lock {@code name} listen on ({@code
   * RedissonLock.getChannelName}).
   */
  static String channel(String name) {
    return name.contains("{")
        ? "redisson_lock__channel:" + name
        : "redisson_lock__channel:{" + name + "}";
  }

  /**
   * The lock's field of the calling thread, as Redisson names it ({@code
   * RedissonBaseLock.getLockName}).
   */
  @SuppressWarnings("deprecation") // Redisson names holders by Thread.getId
  static String holder(String clientId) {
    return clientId + ":" + Thread.currentThread().getId();
  }
}
