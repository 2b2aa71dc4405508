package dev.granular.cache.interceptor;

import dev.granular.cache.config.CacheSwitch;
import dev.granular.cache.operation.CacheInvocation;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.operation.ExceptionFilter;
import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.EntryTags;
import dev.granular.cache.tag.TagRegistry;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemoveAll;

/**
 * Serves {@code @CacheRemoveAll}: empties the cache after the method returns (the default) or
 * before it runs ({@code afterInvocation = false}); when the method throws, only if the exception
 * matches {@code evictFor} and not {@code noEvictFor}. Inside a JTA transaction the removal waits
 * for the commit ({@link Eviction}).
 */
@CacheRemoveAll
@Interceptor
@Priority(CacheInterceptorPriorities.REMOVE_ALL)
public class CacheRemoveAllInterceptor implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject CacheOperations operations;
  @Inject CacheStatisticsRegistry statistics;
  @Inject TagRegistry tags;

  @AroundInvoke
  public Object cacheRemoveAll(InvocationContext context) throws Exception {
    CacheOperation<CacheRemoveAll> operation =
        operations.of(context.getMethod(), CacheRemoveAll.class);
    if (!CacheSwitch.enabled(operation.getCacheName())) {
      return context.proceed();
    }
    CacheInvocation<CacheRemoveAll> invocation =
        operation.invocation(context.getTarget(), context.getParameters());
    CacheRemoveAll annotation = operation.getCacheAnnotation();
    String name = operation.getCacheName();
    CacheCounters counters = statistics.of(name);
    Runnable removal =
        () -> {
          Cache<Object, Object> cache = operation.cacheResolver().resolveCache(invocation);
          if (tags != null
              && cache instanceof JsonCache json
              && json.settings().staleProtection()) {
            tags.invalidate(Set.of(EntryTags.ofCache(name)));
          }
          cache.removeAll();
        };
    return AroundInvocation.proceed(
        context,
        annotation.afterInvocation(),
        ExceptionFilter.of(annotation.evictFor(), annotation.noEvictFor(), false),
        () -> Eviction.evict(name, counters, removal));
  }
}
