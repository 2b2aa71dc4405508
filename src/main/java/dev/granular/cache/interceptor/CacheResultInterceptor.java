package dev.granular.cache.interceptor;

import dev.granular.cache.NullValue;
import dev.granular.cache.hot.BackgroundRead;
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
import dev.granular.cache.config.CacheSwitch;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Serves {@code @CacheResult}: look the key up (unless {@code skipGet}); on a hit return the cached value without
 * running the method; on a miss run the method and store its result.
 *
 * <ul>
 *   <li><b>Single flight.</b> On a miss, the caller takes the entry's refill lock (shared by every instance), looks
 *       again, and only then loads and stores; the others wait for it and return what it stored. A waiter whose
 *       wait ({@code cache.refill-lock.wait}) runs out runs the method itself and returns its result without caching
 *       it. A loader whose lease lapsed does not store. A hit never touches the lock. See {@link RefillLock}.
 *   <li>A {@code null} result is stored as {@link NullValue} with the cache's short {@code negative-ttl}.
 *   <li>With {@code @CacheTags}, the entry is stored with its tags' versions, only if none of them was invalidated
 *       while the method ran, and served only while they are current ({@link TagGuard}).
 *   <li>Inside a transaction that will invalidate tags on commit, the cache is bypassed: neither read nor written.
 *   <li>With an {@code exceptionCacheName}, a remembered exception is rethrown before the method runs, and a thrown one
 *       is remembered by its type and message ({@link ExceptionCache}).
 *   <li>With a near cache ({@code cache.<name>.near=true}, {@link NearCaches}), a valid in-process copy is returned
 *       before Redis is asked; values found valid in Redis or stored there are copied into it.
 *   <li>While a {@link ReadDependencies} capture is open (a response being cached), the tags of every value read or
 *       stored are recorded, so the composite is voided with any of its parts.
 *   <li>If Redis fails, the method runs as on a miss and nothing fails; while it is away (circuit open), callers of
 *       one key on this instance share one load ({@link LocalFlights}).
 *   <li>With {@code cache.<name>.refresh-ahead}, a hit on an entry close to its expiry has it reloaded once across
 *       instances, in the background ({@link BackgroundReads}) or on the caller that found it, while the others are
 *       served the cached value ({@link RefreshAhead}).
 *   <li>With {@code cache.<name>.refresh-after-invalidation}, the keys served lately are remembered, and those an
 *       invalidation voids are read again in the background ({@link RefreshAfterInvalidation}); such a read comes
 *       back here as a reload: one loader across instances, none if another caller holds the entry's lock.
 * </ul>
 */
@CacheResult
@Interceptor
@Priority(CacheInterceptorPriorities.RESULT)
public class CacheResultInterceptor implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(CacheResultInterceptor.class.getName());

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
      return reloadAfterInvalidation(new ResultCall(context, operation, invocation, counters, tags));
    }
    if (purpose == Purpose.REFRESH_AHEAD) {
      return refreshAheadInBackground(new ResultCall(context, operation, invocation, counters, tags));
    }
    HotKeys hot =
        hotKeys == null || !operation.refreshAfterInvalidation() ? null : hotKeys.of(operation.getCacheName());
    NearCache nearCache = near == null ? null : near.of(operation.getCacheName());
    // A near copy does not say which tags it depends on: a response being composed reads from Redis instead.
    if (nearCache != null && !operation.getCacheAnnotation().skipGet() && !ReadDependencies.capturing()) {
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
        Object served = refreshIfDue(call, cached, context);
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
    try (RefillLock.Attempt attempt = locks.acquire(name, json.entryName(call.key()), lock.maxWait(), lock.lease())) {
      call.counters().lockWaited(attempt.waitedNanos());
      if (attempt.timedOut()) {
        call.counters().lockTimeout();
        return call.loadWithoutStoring();
      }
      if (attempt.acquired()) {
        Object stored = call.operation().getCacheAnnotation().skipGet() ? null : call.lookup();
        if (stored != null) {
          return stored instanceof NullValue ? null : stored; // another caller loaded it while we waited
        }
        return call.loadAndStore(attempt);
      }
      // Redis did not answer: share one load among this instance's callers, and store nothing (it is away).
      return localFlights.load(name + "\u0000" + json.entryName(call.key()), lock.maxWait(), call::loadWithoutStoring);
    }
  }

  /**
   * Refresh-ahead ({@link RefreshAhead}): when the entry just found has no more than its cache's window left, it is
   * reloaded once across instances (by the caller that takes the entry's refill lock without waiting, at most one try
   * per entry and instance a second, and finds the entry still due when it looks again under the lock). In the
   * background ({@code refresh-ahead.in-background=true}, for beans that outlive requests, while the background keeps
   * up) every caller gets {@code cached} and a background read reloads ({@link #refreshAheadInBackground});
   * otherwise this caller reloads, stores, and gets what it loaded. A reload that throws leaves the entry as it was
   * and serves {@code cached} too: it is valid.
   */
  private Object refreshIfDue(ResultCall call, Object cached, InvocationContext context) {
    RefreshAhead ahead = call.operation().refreshAhead();
    if (!ahead.enabled()
        || cached instanceof NullValue // a remembered absence lives its short negative TTL, then is looked up again
        || locks == null
        || !(call.cache() instanceof JsonCache json) // off under accessed or eternal expiry: RefreshAhead.of
        || !ahead.due(call.expiresAtMillis(), System.currentTimeMillis())) {
      return cached;
    }
    String entry = json.entryName(call.key());
    if (!ahead.claim(entry, System.nanoTime())) {
      return cached;
    }
    String name = call.operation().getCacheName();
    if (ahead.inBackground() && inBackground(name, entry, context, call.expiresAtMillis())) {
      return cached;
    }
    try (RefillLock.Attempt attempt =
        locks.acquire(name, entry, Duration.ZERO, call.operation().refillLock().lease())) {
      if (!attempt.acquired()) {
        return cached; // another caller is reloading it, or Redis did not answer
      }
      // Look again under the lock, as a miss does: a caller that read the entry before another one's refresh stored
      // it would otherwise reload it a second time once that lock is free.
      Object again = call.lookup();
      if (again != null && !ahead.due(call.expiresAtMillis(), System.currentTimeMillis())) {
        return again;
      }
      call.counters().refreshed();
      Object fresh = call.reloadAndStore(attempt);
      ahead.done(entry);
      return fresh == null ? NullValue.INSTANCE : fresh;
    } catch (Exception e) {
      LOG.log(Level.FINE, e, () -> "Refresh ahead of " + name + " " + entry + " failed; the cached value is served");
      return cached;
    }
  }

  /**
   * Queues the refresh ahead of {@code entry} as a background read; false if its bean cannot be called again, or the
   * background is behind (then this caller reloads, so due entries do not expire waiting in the queue).
   */
  private boolean inBackground(String name, String entry, InvocationContext context, long expiresAtMillis) {
    if (background == null) {
      return false;
    }
    Optional<BackgroundRead> read = background.of(context);
    if (read.isEmpty()) {
      return false;
    }
    background.start(); // on this caller's thread: the reads run in its application's context
    long left = TimeUnit.MILLISECONDS.toNanos(expiresAtMillis - System.currentTimeMillis());
    return background.submitBefore(Purpose.REFRESH_AHEAD, name + "\u0000" + entry, read.get(), left);
  }

  /**
   * A refresh ahead on a background thread ({@link BackgroundReads}): under the entry's refill lock, taken without
   * waiting, it reloads and stores the entry if it is still there and still due; nothing if another caller holds the
   * lock (a miss's loader, another instance's reload) or renewed the entry meanwhile, nor if it is gone (voided or
   * expired: its next reader loads it). Counted as a refresh.
   */
  private Object refreshAheadInBackground(ResultCall call) throws Exception {
    RefreshAhead ahead = call.operation().refreshAhead();
    if (!ahead.enabled() || locks == null || !(call.cache() instanceof JsonCache json)) {
      return nothing(call);
    }
    String entry = json.entryName(call.key());
    try (RefillLock.Attempt attempt =
        locks.acquire(
            call.operation().getCacheName(), entry, Duration.ZERO, call.operation().refillLock().lease())) {
      if (!attempt.acquired()) {
        return nothing(call);
      }
      Object found = call.lookup();
      if (found == null
          || found instanceof NullValue
          || !ahead.due(call.expiresAtMillis(), System.currentTimeMillis())) {
        return nothing(call);
      }
      call.counters().refreshed();
      Object fresh = call.reloadAndStore(attempt);
      ahead.done(entry);
      return fresh == null ? nothing(call) : fresh;
    }
  }

  /**
   * A hot key read again after an invalidation ({@link RefreshAfterInvalidation}): nothing if its entry is valid
   * (another instance reloaded it, or the invalidation did not void it), nor if another caller holds its refill
   * lock (a reader that missed, another instance's reload, a writer storing the new value); else loaded and stored
   * under the lock, like a miss. Counted as a refresh, not as a hit or miss: no caller asked for it.
   */
  private Object reloadAfterInvalidation(ResultCall call) throws Exception {
    RefillLockSettings lock = call.operation().refillLock();
    if (call.operation().getCacheAnnotation().skipGet()
        || !lock.enabled()
        || locks == null
        || !(call.cache() instanceof JsonCache json)) {
      return nothing(call); // without the lock every instance would load it, as the next reader's miss does once
    }
    Object found = call.lookup();
    if (found != null) {
      return found instanceof NullValue ? nothing(call) : found;
    }
    try (RefillLock.Attempt attempt =
        locks.acquire(call.operation().getCacheName(), json.entryName(call.key()), Duration.ZERO, lock.lease())) {
      if (!attempt.acquired()) {
        return nothing(call);
      }
      Object again = call.lookup();
      if (again != null) {
        return again instanceof NullValue ? nothing(call) : again;
      }
      call.counters().refreshed();
      return call.loadAndStore(attempt);
    }
  }

  /** What a reload that loads nothing returns: null, or zero for a primitive result, which the proxy unboxes. */
  private static Object nothing(ResultCall call) {
    Class<?> type = call.operation().getMethod().getReturnType();
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0); // 0, false or '\0', boxed
  }

  private static Exception asException(Throwable remembered) {
    if (remembered instanceof Error error) {
      throw error;
    }
    return (Exception) remembered;
  }
}
