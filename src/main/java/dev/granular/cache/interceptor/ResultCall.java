package dev.granular.cache.interceptor;

import dev.granular.cache.NullValue;
import dev.granular.cache.lock.RefillLock;
import dev.granular.cache.near.NearFill;
import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.tag.ReadDependencies;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.tag.TaggedValue;
import jakarta.interceptor.InvocationContext;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/** One {@code @CacheResult} call: its key, its caches, and the steps of the lookup and the load. */
final class ResultCall {

  private final InvocationContext context;
  private final CacheOperation<CacheResult> operation;
  private final CacheCounters counters;
  private final GeneratedCacheKey key;
  private final TagGuard guard;
  private final Cache<Object, Object> cache;
  private final ExceptionCache exceptions;
  private NearFill near = NearFill.NONE;

  ResultCall(
      InvocationContext context,
      CacheOperation<CacheResult> operation,
      CacheInvocation<CacheResult> invocation,
      CacheCounters counters,
      TagRegistry tags) {
    this.context = context;
    this.operation = operation;
    this.counters = counters;
    this.key = operation.key(invocation);
    this.cache =
        FailOpen.get(
            operation.getCacheName(),
            counters,
            () -> operation.cacheResolver().resolveCache(invocation));
    this.guard = new TagGuard(tags, operation, counters, cache, key);
    this.exceptions = ExceptionCache.of(operation, invocation, counters);
  }

  /** Offers what this call finds valid in Redis, or stores there, to the near cache. */
  ResultCall withNear(NearFill fill) {
    this.near = fill;
    return this;
  }

  CacheOperation<CacheResult> operation() {
    return operation;
  }

  CacheCounters counters() {
    return counters;
  }

  GeneratedCacheKey key() {
    return key;
  }

  /** The resolved cache, or null when it could not be reached. */
  Cache<Object, Object> cache() {
    return cache;
  }

  /** The valid cached value ({@link NullValue} for a remembered null), or null on a miss. */
  Object lookup() {
    if (cache == null) {
      return null;
    }
    near.begin();
    Object valid = guard.lookup(context.getParameters(), near.active());
    if (valid != null) {
      if (near.active()) { // the lifetime reads the clock: not on every hit
        near.offer(valid, guard.validTags(), lifetimeOfRead());
      }
      ReadDependencies.record(guard.validTags());
    }
    return valid;
  }

  // What the entry just read has left in Redis, which its near copy must not outlive.
  private long lifetimeOfRead() {
    return cache instanceof JsonCache json
        ? nearLifetime(json.lifetimeOfRead(guard.expiresAtMillis(), System.currentTimeMillis()))
        : Long.MAX_VALUE;
  }

  // With refresh-ahead a near copy ends as its entry enters the window, so that the next read
  // reaches Redis, finds the entry due and has it refreshed; a copy that lived into the window
  // would be served until the entry expired.
  private long nearLifetime(long entryLeft) {
    long window = operation.refreshAhead().windowMillis();
    return entryLeft != Long.MAX_VALUE && entryLeft > window ? entryLeft - window : entryLeft;
  }

  /**
   * The tags the value {@link #lookup} found valid depends on (its declared and, with stale
   * protection, implicit ones).
   */
  java.util.List<String> validTags() {
    return guard.validTags();
  }

  /**
   * The expiry time (epoch ms) of the entry {@link #lookup} found, or 0 when it has none or the
   * read cannot tell.
   */
  long expiresAtMillis() {
    return guard.expiresAtMillis();
  }

  Optional<Throwable> rememberedException() {
    return exceptions == null ? Optional.empty() : exceptions.find(key);
  }

  /**
   * Runs the method and stores its result, unless {@code lock} is given and its lease lapsed
   * meanwhile. The stored value's expiry counts from now whatever the cache's policy: under {@code
   * expiry=created} a plain store keeps a present entry's first expiry time (JCache's rule for
   * updates), and a miss's entry may well be present, voided by a tag and not yet freed, or with
   * its reload after invalidation; the loaded value is new, so its lifetime starts with its load.
   * Only {@code skipGet=true}, which stores on every call whatever is there, stores as JCache's
   * reference implementation does: a plain put.
   */
  Object loadAndStore(RefillLock.Attempt lock) throws Exception {
    return loadAndStore(lock, !operation.getCacheAnnotation().skipGet());
  }

  /**
   * A refresh ahead of expiry: as {@link #loadAndStore}, the stored value's expiry counted from now
   * (the entry is present by definition, so a plain store under {@code expiry=created} would renew
   * nothing).
   */
  Object reloadAndStore(RefillLock.Attempt lock) throws Exception {
    return loadAndStore(lock, true);
  }

  private Object loadAndStore(RefillLock.Attempt lock, boolean renew) throws Exception {
    near.begin();
    long clock = guard.beforeLoad();
    Object result = invoke();
    if (cache == null) {
      ReadDependencies.untracked();
      return result;
    }
    Object value = guard.toStore(context.getParameters(), orNullValue(result), clock);
    if (value == null) {
      ReadDependencies.untracked();
      return result;
    }
    if (lock != null && !lock.stillHeld()) {
      counters.refused(); // another loader may have stored a newer value since our lease lapsed
      ReadDependencies.untracked();
      return result;
    }
    store(value, renew);
    if (value instanceof TaggedValue tagged) {
      ReadDependencies.record(tagged.versions().keySet());
    } else {
      ReadDependencies.untracked();
    }
    return result;
  }

  /** Runs the method without caching what it returns. */
  Object loadWithoutStoring() throws Exception {
    ReadDependencies.untracked();
    return invoke();
  }

  private Object invoke() throws Exception {
    long started = System.nanoTime();
    try {
      return context.proceed();
    } catch (Exception | Error thrown) {
      if (exceptions != null) {
        exceptions.rememberIfCached(key, thrown);
      }
      throw thrown;
    } finally {
      counters.load(System.nanoTime() - started);
    }
  }

  /**
   * The value to cache for a result: itself, {@link NullValue} for null where the cache keeps it,
   * else null.
   */
  private Object orNullValue(Object result) {
    if (result != null) {
      return result;
    }
    return cache instanceof JsonCache json && json.storesNulls() ? NullValue.INSTANCE : null;
  }

  private void store(Object value, boolean renew) {
    guard.storeTracked(
        value,
        () ->
            FailOpen.run(
                operation.getCacheName(),
                counters,
                () -> {
                  long lifetime = Long.MAX_VALUE;
                  if (cache instanceof JsonCache json) {
                    if (renew) {
                      json.putRenewed(key, value);
                    } else {
                      json.put(key, value);
                    }
                    lifetime = nearLifetime(json.lifetimeOfStore(value, renew));
                  } else {
                    cache.put(key, value);
                  }
                  counters.put();
                  near.offerStored(value, lifetime);
                }));
  }
}
