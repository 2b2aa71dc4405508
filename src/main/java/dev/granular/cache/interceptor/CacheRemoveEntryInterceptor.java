package dev.granular.cache.interceptor;

import dev.granular.cache.config.CacheSwitch;
import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.operation.ExceptionFilter;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.TagRegistry;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Serves {@code @CacheRemove}: removes the entry of the generated key after the method returns (the
 * default) or before it runs ({@code afterInvocation = false}). When the method throws, the entry
 * is removed only if the exception matches {@code evictFor} and not {@code noEvictFor}. The entry's
 * own tag is invalidated first, so a load racing the removal cannot store the value it read before.
 * Inside a JTA transaction the removal waits for the commit and is skipped on rollback ({@link
 * Eviction}).
 */
@CacheRemove
@Interceptor
@Priority(CacheInterceptorPriorities.REMOVE)
public class CacheRemoveEntryInterceptor implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject CacheOperations operations;
  @Inject CacheStatisticsRegistry statistics;
  @Inject TagRegistry tags;

  @AroundInvoke
  public Object cacheRemove(InvocationContext context) throws Exception {
    CacheOperation<CacheRemove> operation = operations.of(context.getMethod(), CacheRemove.class);
    if (!CacheSwitch.enabled(operation.getCacheName())) {
      return context.proceed();
    }
    CacheInvocation<CacheRemove> invocation =
        operation.invocation(context.getTarget(), context.getParameters());
    CacheRemove annotation = operation.getCacheAnnotation();
    String name = operation.getCacheName();
    CacheCounters counters = statistics.of(name);
    GeneratedCacheKey key = operation.key(invocation);
    Runnable removal =
        () -> {
          Cache<Object, Object> cache = operation.cacheResolver().resolveCache(invocation);
          new TagGuard(tags, operation, counters, cache, key).invalidateEntry();
          cache.remove(key);
        };
    return AroundInvocation.proceed(
        context,
        annotation.afterInvocation(),
        ExceptionFilter.of(annotation.evictFor(), annotation.noEvictFor(), false),
        () -> Eviction.evict(name, counters, removal));
  }
}
