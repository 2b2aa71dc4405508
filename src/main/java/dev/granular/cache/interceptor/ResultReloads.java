package dev.granular.cache.interceptor;

import dev.granular.cache.NullValue;
import dev.granular.cache.hot.BackgroundRead;
import dev.granular.cache.hot.BackgroundReads;
import dev.granular.cache.hot.BackgroundReads.Purpose;
import dev.granular.cache.hot.RefreshAfterInvalidation;
import dev.granular.cache.lock.RefillLock;
import dev.granular.cache.lock.RefillLockSettings;
import dev.granular.cache.lock.RefreshAhead;
import dev.granular.cache.redis.JsonCache;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The reloads of {@link CacheResultInterceptor} that no miss asked for: a refresh ahead of an entry
 * close to its expiry (on the caller that found it, or on a background thread), and the read again
 * of a hot key an invalidation voided. Each runs under the entry's refill lock, taken without
 * waiting, so one loader across instances does it. Static, with the interceptor's collaborators as
 * arguments: the hit path calls {@link #ifDue} on every hit.
 */
final class ResultReloads {

  // the interceptor's logger, as before these moved here
  private static final Logger LOG = Logger.getLogger(CacheResultInterceptor.class.getName());

  private ResultReloads() {}

  /**
   * Refresh-ahead ({@link RefreshAhead}): when the entry just found has no more than its cache's
   * window left, it is reloaded once across instances (by the caller that takes the entry's refill
   * lock without waiting, at most one try per entry and instance a second, and finds the entry
   * still due when it looks again under the lock). In the background ({@code
   * refresh-ahead.in-background=true}, for beans that outlive requests, while the background keeps
   * up) every caller gets {@code cached} and a background read reloads ({@link
   * #aheadInBackground}); otherwise this caller reloads, stores, and gets what it loaded. A reload
   * that throws leaves the entry as it was and serves {@code cached} too: it is valid.
   */
  static Object ifDue(
      ResultCall call,
      Object cached,
      InvocationContext context,
      RefillLock locks,
      BackgroundReads background) {
    RefreshAhead ahead = call.operation().refreshAhead();
    if (!ahead.enabled()
        || cached
            instanceof
            NullValue // a remembered absence lives its short negative TTL, then is looked up again
        || locks == null
        || !(call.cache()
            instanceof JsonCache json) // off under accessed or eternal expiry: RefreshAhead.of
        || !ahead.due(call.expiresAtMillis(), System.currentTimeMillis())) {
      return cached;
    }
    String entry = json.entryName(call.key());
    if (!ahead.claim(entry, System.nanoTime())) {
      return cached;
    }
    String name = call.operation().getCacheName();
    if (ahead.inBackground()
        && inBackground(background, name, entry, context, call.expiresAtMillis())) {
      return cached;
    }
    try (RefillLock.Attempt attempt =
        locks.acquire(name, entry, Duration.ZERO, call.operation().refillLock().lease())) {
      if (!attempt.acquired()) {
        return cached; // another caller is reloading it, or Redis did not answer
      }
      // Look again under the lock, as a miss does: a caller that read the entry before another
      // one's refresh stored it would otherwise reload it a second time once that lock is free.
      Object again = call.lookup();
      if (again != null && !ahead.due(call.expiresAtMillis(), System.currentTimeMillis())) {
        return again;
      }
      call.counters().refreshed();
      Object fresh = call.reloadAndStore(attempt);
      ahead.done(entry);
      return fresh == null ? NullValue.INSTANCE : fresh;
    } catch (Exception e) {
      LOG.log(
          Level.FINE,
          e,
          () -> "Refresh ahead of " + name + " " + entry + " failed; the cached value is served");
      return cached;
    }
  }

  /**
   * Queues the refresh ahead of {@code entry} as a background read; false if its bean cannot be
   * called again, or the background is behind (then this caller reloads, so due entries do not
   * expire waiting in the queue).
   */
  private static boolean inBackground(
      BackgroundReads background,
      String name,
      String entry,
      InvocationContext context,
      long expiresAtMillis) {
    if (background == null) {
      return false;
    }
    Optional<BackgroundRead> read = background.of(context);
    if (read.isEmpty()) {
      return false;
    }
    background.start(); // on this caller's thread: the reads run in its application's context
    long left = TimeUnit.MILLISECONDS.toNanos(expiresAtMillis - System.currentTimeMillis());
    return background.submitBefore(
        Purpose.REFRESH_AHEAD, name + "\u0000" + entry, read.get(), left);
  }

  /**
   * A refresh ahead on a background thread ({@link BackgroundReads}): under the entry's refill
   * lock, taken without waiting, it reloads and stores the entry if it is still there and still
   * due; nothing if another caller holds the lock (a miss's loader, another instance's reload) or
   * renewed the entry meanwhile, nor if it is gone (voided or expired: its next reader loads it).
   * Counted as a refresh.
   */
  static Object aheadInBackground(ResultCall call, RefillLock locks) throws Exception {
    RefreshAhead ahead = call.operation().refreshAhead();
    if (!ahead.enabled() || locks == null || !(call.cache() instanceof JsonCache json)) {
      return nothing(call);
    }
    String entry = json.entryName(call.key());
    try (RefillLock.Attempt attempt =
        locks.acquire(
            call.operation().getCacheName(),
            entry,
            Duration.ZERO,
            call.operation().refillLock().lease())) {
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
   * A hot key read again after an invalidation ({@link RefreshAfterInvalidation}): nothing if its
   * entry is valid (another instance reloaded it, or the invalidation did not void it), nor if
   * another caller holds its refill lock (a reader that missed, another instance's reload, a writer
   * storing the new value); else loaded and stored under the lock, like a miss. Counted as a
   * refresh, not as a hit or miss: no caller asked for it.
   */
  static Object afterInvalidation(ResultCall call, RefillLock locks) throws Exception {
    RefillLockSettings lock = call.operation().refillLock();
    if (call.operation().getCacheAnnotation().skipGet()
        || !lock.enabled()
        || locks == null
        || !(call.cache() instanceof JsonCache json)) {
      return nothing(
          call); // without the lock every instance would load it, as the next reader's miss does
      // once
    }
    Object found = call.lookup();
    if (found != null) {
      return found instanceof NullValue ? nothing(call) : found;
    }
    try (RefillLock.Attempt attempt =
        locks.acquire(
            call.operation().getCacheName(),
            json.entryName(call.key()),
            Duration.ZERO,
            lock.lease())) {
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

  /**
   * What a reload that loads nothing returns: null, or zero for a primitive result, which the proxy
   * unboxes.
   */
  private static Object nothing(ResultCall call) {
    Class<?> type = call.operation().getMethod().getReturnType();
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    return java.lang.reflect.Array.get(
        java.lang.reflect.Array.newInstance(type, 1), 0); // 0, false or '\0', boxed
  }
}
