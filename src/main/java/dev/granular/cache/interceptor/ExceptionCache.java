package dev.granular.cache.interceptor;

import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.operation.ExceptionFilter;
import dev.granular.cache.redis.CachedException;
import dev.granular.cache.stats.CacheCounters;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The exception side of {@code @CacheResult} with an {@code exceptionCacheName}: an exception that
 * matches {@code cachedExceptions} and not {@code nonCachedExceptions} (all, when neither is set)
 * is remembered under the call's key and rethrown by later calls instead of running the method.
 */
final class ExceptionCache {

  private final CacheOperation<CacheResult> operation;
  private final Cache<Object, Object> cache;
  private final ExceptionFilter filter;
  private final CacheCounters counters;

  private ExceptionCache(
      CacheOperation<CacheResult> operation, Cache<Object, Object> cache, CacheCounters counters) {
    this.operation = operation;
    this.cache = cache;
    this.counters = counters;
    CacheResult annotation = operation.getCacheAnnotation();
    this.filter =
        ExceptionFilter.of(annotation.cachedExceptions(), annotation.nonCachedExceptions(), true);
  }

  /** The operation's exception cache, or null when it declares none or it cannot be reached. */
  static ExceptionCache of(
      CacheOperation<CacheResult> operation,
      CacheInvocation<CacheResult> invocation,
      CacheCounters counters) {
    if (operation.exceptionCacheResolver() == null) {
      return null;
    }
    String name = operation.getCacheAnnotation().exceptionCacheName();
    Cache<Object, Object> cache =
        FailOpen.get(
            name, counters, () -> operation.exceptionCacheResolver().resolveCache(invocation));
    return cache == null ? null : new ExceptionCache(operation, cache, counters);
  }

  /** The remembered exception of this key, rebuilt, if there is one the operation allows. */
  Optional<Throwable> find(GeneratedCacheKey key) {
    Object cached = FailOpen.get(cache.getName(), counters, () -> cache.get(key));
    if (cached instanceof CachedException exception) {
      return exception.rebuild(operation.getMethod(), filter::matches);
    }
    return Optional.empty();
  }

  void rememberIfCached(GeneratedCacheKey key, Throwable thrown) {
    if (filter.matches(thrown)) {
      FailOpen.run(cache.getName(), counters, () -> cache.put(key, CachedException.of(thrown)));
    }
  }
}
