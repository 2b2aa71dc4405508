package dev.granular.cache.interceptor;

import dev.granular.cache.NullValue;
import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.TagInvalidations;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.tag.TaggedValue;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Serves {@code @CacheResult}: look the key up (unless {@code skipGet}); on a hit return the cached value without
 * running the method; on a miss run the method and store its result.
 *
 * <ul>
 *   <li>A {@code null} result is stored as {@link NullValue} with the cache's short {@code negative-ttl}, so an absent
 *       row does not reach the database on every call; with a negative TTL of 0 it is not stored.
 *   <li>With {@code @CacheTags}, the entry is stored with its tags' versions, only if none of them was invalidated
 *       while the method ran, and served only while they are current ({@link TagGuard}).
 *   <li>Inside a transaction that will invalidate tags on commit, the cache is bypassed: neither read nor written.
 *   <li>With an {@code exceptionCacheName}, a remembered exception is rethrown before the method runs, and a thrown one
 *       is remembered by its type and message ({@link ExceptionCache}).
 *   <li>If Redis fails, the method runs as on a miss and nothing fails.
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

  @AroundInvoke
  public Object cacheResult(InvocationContext context) throws Exception {
    CacheOperation<CacheResult> operation = operations.of(context.getMethod(), CacheResult.class);
    String name = operation.getCacheName();
    CacheCounters counters = statistics.of(name);
    if (TagInvalidations.pendingInThisTransaction()) {
      counters.load();
      return context.proceed();
    }
    CacheInvocation<CacheResult> invocation =
        operation.invocation(context.getTarget(), context.getParameters());
    GeneratedCacheKey key = operation.key(invocation);
    TagGuard guard = new TagGuard(tags, operation, counters);
    Cache<Object, Object> cache =
        FailOpen.get(name, counters, () -> operation.cacheResolver().resolveCache(invocation));
    ExceptionCache exceptions = ExceptionCache.of(operation, invocation, counters);
    if (cache != null && !operation.getCacheAnnotation().skipGet()) {
      Object cached = guard.valid(FailOpen.get(name, counters, () -> cache.get(key)));
      if (cached != null) {
        counters.hit();
        return cached instanceof NullValue ? null : cached;
      }
      Optional<Throwable> remembered = exceptions == null ? Optional.empty() : exceptions.find(key);
      if (remembered.isPresent()) {
        counters.hit();
        throw asException(remembered.get());
      }
      counters.miss();
    }
    long clock = guard.beforeLoad();
    Object result = invoke(context, counters, exceptions, key);
    if (cache != null) {
      store(cache, key, guard.toStore(context.getParameters(), orNullValue(cache, result), clock), guard, counters);
    }
    return result;
  }

  private static Object invoke(
      InvocationContext context, CacheCounters counters, ExceptionCache exceptions, GeneratedCacheKey key)
      throws Exception {
    try {
      return context.proceed();
    } catch (Exception | Error thrown) {
      if (exceptions != null) {
        exceptions.rememberIfCached(key, thrown);
      }
      throw thrown;
    } finally {
      counters.load();
    }
  }

  /** The value to cache for a result: itself, {@link NullValue} for null where the cache keeps it, else null. */
  private static Object orNullValue(Cache<Object, Object> cache, Object result) {
    if (result != null) {
      return result;
    }
    return cache instanceof JsonCache json && json.storesNulls() ? NullValue.INSTANCE : null;
  }

  private static void store(
      Cache<Object, Object> cache, GeneratedCacheKey key, Object value, TagGuard guard, CacheCounters counters) {
    if (value == null) {
      return;
    }
    FailOpen.run(
        cache.getName(),
        counters,
        () -> {
          cache.put(key, value);
          counters.put();
        });
    if (value instanceof TaggedValue tagged && cache instanceof JsonCache json) {
      guard.track(tagged, json.entryName(key));
    }
  }

  private static Exception asException(Throwable remembered) {
    if (remembered instanceof Error error) {
      throw error;
    }
    return (Exception) remembered;
  }
}
