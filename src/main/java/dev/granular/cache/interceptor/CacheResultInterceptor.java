package dev.granular.cache.interceptor;

import dev.granular.cache.NullValue;
import dev.granular.cache.config.CacheSwitch;
import dev.granular.cache.hot.BackgroundReads;
import dev.granular.cache.hot.BackgroundReads.Purpose;
import dev.granular.cache.hot.HotKeys;
import dev.granular.cache.hot.RefreshAfterInvalidation;
import dev.granular.cache.lock.LocalFlights;
import dev.granular.cache.lock.RefillLock;
import dev.granular.cache.lock.RefillLockSettings;
import dev.granular.cache.lock.RefreshAhead;
import dev.granular.cache.near.NearCache;
import dev.granular.cache.near.NearCaches;
import dev.granular.cache.near.NearFill;
import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.ReadDependencies;
import dev.granular.cache.tag.TagInvalidations;
import dev.granular.cache.tag.TagRegistry;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.util.Optional;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Serves {@code @CacheResult}: look the key up (unless {@code skipGet}); on a hit return the cached
 * value without running the method; on a miss run the method and store its result.
 *
 * <ul>
 *   <li><b>Single flight.</b> On a miss, the caller takes the entry's refill lock (shared by every
 *       instance), looks again, and only then loads and stores; the others wait for it and return
 *       what it stored. A waiter whose wait ({@code cache.refill-lock.wait}) runs out runs the
 *       method itself and returns its result without caching it. A loader whose lease lapsed does
 *       not store. A hit never touches the lock. See {@link RefillLock}.
 *   <li>A {@code null} result is stored as {@link NullValue} with the cache's short {@code
 *       negative-ttl}.
 *   <li>With {@code @CacheTags}, the entry is stored with its tags' versions, only if none of them
 *       was invalidated while the method ran, and served only while they are current ({@link
 *       TagGuard}).
 *   <li>Inside a transaction that will invalidate tags on commit, the cache is bypassed: neither
 *       read nor written.
 *   <li>With an {@code exceptionCacheName}, a remembered exception is rethrown before the method
 *       runs, and a thrown one is remembered by its type and message ({@link ExceptionCache}).
 *   <li>With a near cache ({@code cache.<name>.near=true}, {@link NearCaches}), a valid in-process
 *       copy is returned before Redis is asked; values found valid in Redis or stored there are
 *       copied into it.
 *   <li>While a {@link ReadDependencies} capture is open (a response being cached), the tags of
 *       every value read or stored are recorded, so the composite is voided with any of its parts.
 *   <li>If Redis fails, the method runs as on a miss and nothing fails; while it is away (circuit
 *       open), callers of one key on this instance share one load ({@link LocalFlights}).
 *   <li>With {@code cache.<name>.refresh-ahead}, a hit on an entry close to its expiry has it
 *       reloaded once across instances, in the background ({@link BackgroundReads}) or on the
 *       caller that found it, while the others are served the cached value ({@link RefreshAhead}).
 *   <li>With {@code cache.<name>.refresh-after-invalidation}, the keys served lately are
 *       remembered, and those an invalidation voids are read again in the background ({@link
 *       RefreshAfterInvalidation}); such a read comes back here as a reload: one loader across
 *       instances, none if another caller holds the entry's lock.
 * </ul>
 */
@CacheResult
@Interceptor
@Priority(CacheInterceptorPriorities.RESULT)
public class CacheResultInterceptor implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject CacheOperations operations;
  @Inject CacheStatisticsRegistry statistics;
  @Inject TagRegistry tags;
  @Inject RefillLock locks;
  @Inject NearCaches near;
  @Inject RefreshAfterInvalidation hotKeys;
  @Inject BackgroundReads background;
  private static final LocalFlights localFlights = new LocalFlights();

  @AroundInvoke
  public Object cacheResult(InvocationContext context) throws Exception {
    CacheOperation<CacheResult> operation = operations.of(context.getMethod(), CacheResult.class);
    if (!CacheSwitch.enabled(operation.getCacheName())) {
      ReadDependencies.untracked();
      return context.proceed();
    }
    CacheCounters counters = statistics.of(operation.getCacheName());
    if (TagInvalidations.pendingInThisTransaction()) {
      ReadDependencies.untracked();
      long started = System.nanoTime();
      try {
        return context.proceed();
      } finally {
        counters.load(System.nanoTime() - started);
      }
    }
    CacheInvocation<CacheResult> invocation =
        operation.invocation(context.getTarget(), context.getParameters());
    Purpose purpose = BackgroundReads.purpose();
    if (purpose == Purpose.REFRESH_AFTER_INVALIDATION) {
      return ResultReloads.afterInvalidation(
          new ResultCall(context, operation, invocation, counters, tags), locks);
    }
    if (purpose == Purpose.REFRESH_AHEAD) {
      return ResultReloads.aheadInBackground(
          new ResultCall(context, operation, invocation, counters, tags), locks);
    }
    HotKeys hot =
        hotKeys == null || !operation.refreshAfterInvalidation()
            ? null
            : hotKeys.of(operation.getCacheName());
    NearCache nearCache = near == null ? null : near.of(operation.getCacheName());
    // A near copy does not say which tags it depends on: a response being composed reads from Redis
    // instead.
    if (nearCache != null
        && !operation.getCacheAnnotation().skipGet()
        && !ReadDependencies.capturing()) {
      GeneratedCacheKey key = operation.key(invocation);
      Object copy = nearCache.get(key);
      if (copy != null) {
        counters.hit();
        counters.nearHit();
        if (hot != null) {
          hotKeys.servedNear(hot, key);
        }
        return copy instanceof NullValue ? null : copy;
      }
    }
    ResultCall call = new ResultCall(context, operation, invocation, counters, tags);
    if (nearCache != null) {
      call.withNear(NearFill.of(near, nearCache, call.key()));
    }
    if (!operation.getCacheAnnotation().skipGet()) {
      Object cached = call.lookup();
      if (cached != null) {
        counters.hit();
        if (hot != null) {
          hotKeys.served(hot, call.key(), call.validTags(), context);
        }
        Object served = ResultReloads.ifDue(call, cached, context, locks, background);
        return served instanceof NullValue ? null : served;
      }
      Optional<Throwable> remembered = call.rememberedException();
      if (remembered.isPresent()) {
        counters.hit();
        throw asException(remembered.get());
      }
      counters.miss();
    }
    return refill(call, operation.refillLock());
  }

  /** The miss path: one loader per key across instances when the lock is on and Redis answers. */
  private Object refill(ResultCall call, RefillLockSettings lock) throws Exception {
    if (!lock.enabled() || !(call.cache() instanceof JsonCache json) || locks == null) {
      return call.loadAndStore(null);
    }
    String name = call.operation().getCacheName();
    try (RefillLock.Attempt attempt =
        locks.acquire(name, json.entryName(call.key()), lock.maxWait(), lock.lease())) {
      call.counters().lockWaited(attempt.waitedNanos());
      if (attempt.timedOut()) {
        call.counters().lockTimeout();
        return call.loadWithoutStoring();
      }
      if (attempt.acquired()) {
        Object stored = call.operation().getCacheAnnotation().skipGet() ? null : call.lookup();
        if (stored != null) {
          return stored instanceof NullValue
              ? null
              : stored; // another caller loaded it while we waited
        }
        return call.loadAndStore(attempt);
      }
      // Redis did not answer: share one load among this instance's callers, and store nothing (it
      // is away).
      return localFlights.load(
          name + "\u0000" + json.entryName(call.key()), lock.maxWait(), call::loadWithoutStoring);
    }
  }

  private static Exception asException(Throwable remembered) {
    if (remembered instanceof Error error) {
      throw error;
    }
    return (Exception) remembered;
  }
}
