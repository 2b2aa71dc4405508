package dev.granular.cache.interceptor;

import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Serves {@code @CacheResult}: look the key up (unless {@code skipGet}); on a hit return the cached value without
 * running the method; on a miss run the method and store its result. A {@code null} result is returned but not
 * stored (JCache holds no nulls). If Redis fails, the method runs as on a miss and nothing fails.
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
    if (cache == null) {
      counters.load();
      return context.proceed();
    }
    if (!operation.getCacheAnnotation().skipGet()) {
      Object cached = FailOpen.get(name, counters, () -> cache.get(key));
      if (cached != null) {
        counters.hit();
        return cached;
      }
      counters.miss();
    }
    Object result = context.proceed();
    counters.load();
    if (result != null) {
      FailOpen.run(
          name,
          counters,
          () -> {
            cache.put(key, result);
            counters.put();
          });
    }
    return result;
  }
}
