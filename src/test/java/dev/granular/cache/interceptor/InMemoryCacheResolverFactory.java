package dev.granular.cache.interceptor;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * Resolves every cache name, exception caches included, to an {@link InMemoryCache} created on
 * first use. The cache is looked up on each call, so a test may swap in another one (a {@link
 * FailingCache}) after operations are parsed.
 */
final class InMemoryCacheResolverFactory implements CacheResolverFactory {

  private final Map<String, InMemoryCache> caches = new ConcurrentHashMap<>();

  /** The cache of that name, created empty if no call has used it yet. */
  InMemoryCache cache(String name) {
    return caches.computeIfAbsent(name, InMemoryCache::new);
  }

  void replace(InMemoryCache cache) {
    caches.put(cache.getName(), cache);
  }

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> method) {
    return resolverOf(method.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> method) {
    return resolverOf(method.getCacheAnnotation().exceptionCacheName());
  }

  private CacheResolver resolverOf(String name) {
    return new CacheResolver() {
      @Override
      @SuppressWarnings("unchecked")
      public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
        return (Cache<K, V>) cache(name);
      }
    };
  }
}
