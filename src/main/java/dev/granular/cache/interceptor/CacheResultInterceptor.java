package dev.granular.cache.interceptor;

import dev.granular.cache.NullValue;
import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.stats.CacheStatisticsRegistry;
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

  @AroundInvoke
  public Object cacheResult(InvocationContext context) throws Exception {
    CacheOperation<CacheResult> operation = operations.of(context.getMethod(), CacheResult.class);
    CacheInvocation<CacheResult> invocation =
        operation.invocation(context.getTarget(), context.getParameters());
    String name = operation.getCacheName();
    CacheCounters counters = statistics.of(name);
    GeneratedCacheKey key = operation.key(invocation);
    Cache<Object, Object> cache =
        FailOpen.get(name, counters, () -> operation.cacheResolver().resolveCache(invocation));
    ExceptionCache exceptions = ExceptionCache.of(operation, invocation, counters);
    if (cache != null && !operation.getCacheAnnotation().skipGet()) {
      Object cached = FailOpen.get(name, counters, () -> cache.get(key));
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
    Object result = invoke(context, counters, exceptions, key);
    if (cache != null) {
      store(cache, key, result, name, counters);
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

  private static void store(
      Cache<Object, Object> cache, GeneratedCacheKey key, Object result, String name, CacheCounters counters) {
    Object value = result;
    if (value == null) {
      if (!(cache instanceof JsonCache json) || !json.storesNulls()) {
        return;
      }
      value = NullValue.INSTANCE;
    }
    Object stored = value;
    FailOpen.run(
        name,
        counters,
        () -> {
          cache.put(key, stored);
          counters.put();
        });
  }

  private static Exception asException(Throwable remembered) {
    if (remembered instanceof Error error) {
      throw error;
    }
    return (Exception) remembered;
  }
}
