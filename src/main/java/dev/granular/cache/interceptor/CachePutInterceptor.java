package dev.granular.cache.interceptor;

import dev.granular.cache.config.CacheSettings.WriteStrategy;
import dev.granular.cache.config.CacheSwitch;
import dev.granular.cache.lock.RefillLock;
import dev.granular.cache.lock.RefillLockSettings;
import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.operation.ExceptionFilter;
import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.TagInvalidations;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.tx.AfterCommit;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Serves {@code @CachePut}: stores the {@code @CacheValue} parameter under the generated key after
 * the method returns (the default) or before it runs ({@code afterInvocation = false}); when the
 * method throws, only if the exception matches {@code cacheFor} and not {@code noCacheFor}. A
 * {@code null} value removes the entry, since JCache holds no nulls. The entry's own tag is
 * invalidated first, and the value is stored with the versions of its tags ({@code @CacheTags} on
 * the put method may name them, with {@code result} standing for the value).
 */
@CachePut
@Interceptor
@Priority(CacheInterceptorPriorities.PUT)
public class CachePutInterceptor implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject CacheOperations operations;
  @Inject CacheStatisticsRegistry statistics;
  @Inject TagRegistry tags;
  @Inject TagInvalidations invalidations;
  @Inject RefillLock refillLocks;

  @AroundInvoke
  public Object cachePut(InvocationContext context) throws Exception {
    CacheOperation<CachePut> operation = operations.of(context.getMethod(), CachePut.class);
    if (!CacheSwitch.enabled(operation.getCacheName())) {
      return context.proceed();
    }
    CacheInvocation<CachePut> invocation =
        operation.invocation(context.getTarget(), context.getParameters());
    CachePut annotation = operation.getCacheAnnotation();
    String name = operation.getCacheName();
    CacheCounters counters = statistics.of(name);
    GeneratedCacheKey key = operation.key(invocation);
    Object value = invocation.value();
    Runnable store =
        () -> {
          Cache<Object, Object> cache = operation.cacheResolver().resolveCache(invocation);
          TagGuard guard = new TagGuard(tags, operation, counters, cache, key);
          if (value == null || writeStrategy(cache) == WriteStrategy.INVALIDATE) {
            Eviction.evict(
                name,
                counters,
                () -> {
                  guard.invalidateEntry();
                  cache.remove(key);
                });
            return;
          }
          if (guard.protecting() && AfterCommit.inTransaction() && invalidations != null) {
            writeThroughAfterCommit(
                name, context.getParameters(), value, cache, guard, counters, key, operation);
            return;
          }
          guard.invalidateEntry(); // a load racing this put must not overwrite it with what it read
          // before
          storeTracked(
              cache,
              key,
              guard.toStore(context.getParameters(), value, guard.beforeLoad()),
              guard,
              counters);
        };
    return AroundInvocation.proceed(
        context,
        annotation.afterInvocation(),
        ExceptionFilter.of(annotation.cacheFor(), annotation.noCacheFor(), false),
        () -> FailOpen.run(name, counters, store));
  }

  /**
   * Inside a transaction the new value is stored only after the commit, after the transaction's
   * invalidations (the entity listeners' tags and this entry's own), and only if no other writer
   * invalidated any of its tags after the clock reading taken here, while this transaction still
   * holds its write locks.
   */
  private void writeThroughAfterCommit(
      String name,
      Object[] arguments,
      Object value,
      Cache<Object, Object> cache,
      TagGuard guard,
      CacheCounters counters,
      GeneratedCacheKey key,
      CacheOperation<CachePut> operation) {
    Long clockBeforeCommit = FailOpen.get(name, counters, tags::clock);
    if (clockBeforeCommit == null) {
      invalidations.afterCommit(
          Set.of(guard.entryTag())); // Redis away: void the entry, never store blindly
      return;
    }
    Runnable release = holdRefillLock(operation, cache, key);
    // The check and the store follow the invalidation at once: the clean-up (on its own thread)
    // deletes an entry only while it holds the void value it read, so it never deletes the new
    // value, however late it runs.
    invalidations.afterCommit(
        Set.of(guard.entryTag()),
        invalidation -> {
          try {
            FailOpen.run(
                name,
                counters,
                () ->
                    // Null when the check refused (and counted) it: the old value stays, void, for
                    // the clean-up (removing it here could remove a newer writer's value). A writer
                    // that invalidates between the check and the store voids what we store.
                    storeTracked(
                        cache,
                        key,
                        guard.toStoreAfterCommit(arguments, value, clockBeforeCommit, invalidation),
                        guard,
                        counters));
          } finally {
            release.run();
          }
        });
    AfterCommit.whenEnded(release); // rolled back, or the invalidation failed: the store never runs
  }

  /**
   * Takes the entry's refill lock, without waiting, until the new value is stored, and returns what
   * releases it (once; later calls do nothing). Between the invalidation and the store a read of
   * this entry misses; holding the lock makes such a reader wait the millisecond or two for the new
   * value and find it, instead of loading what was just written from the database. When a loader
   * holds the lock already, or the lock is off, the writer goes on without it: the reader then
   * loads, as it would without this.
   */
  private Runnable holdRefillLock(
      CacheOperation<CachePut> operation, Cache<Object, Object> cache, Object key) {
    RefillLockSettings settings = operation.refillLock();
    if (refillLocks == null || !settings.enabled() || !(cache instanceof JsonCache json)) {
      return () -> {};
    }
    RefillLock.Attempt attempt =
        refillLocks.acquire(
            operation.getCacheName(), json.entryName(key), Duration.ZERO, settings.lease());
    if (!attempt.acquired()) {
      attempt.close();
      return () -> {};
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        attempt.close();
      }
    };
  }

  /**
   * Stores what the guard allowed (nothing when it refused), counts it and records it under its
   * tags.
   */
  private static void storeTracked(
      Cache<Object, Object> cache,
      GeneratedCacheKey key,
      Object stored,
      TagGuard guard,
      CacheCounters counters) {
    if (stored != null) {
      guard.storeTracked(
          stored,
          () -> {
            cache.put(key, stored);
            counters.put();
          });
    }
  }

  private static WriteStrategy writeStrategy(Cache<Object, Object> cache) {
    return cache instanceof JsonCache json ? json.settings().write() : WriteStrategy.THROUGH;
  }
}
